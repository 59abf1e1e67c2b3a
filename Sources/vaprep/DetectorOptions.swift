import ArgumentParser
import VAPrepCheck

/// `--detector cnn|cascade` and `--cascade PATH`: which face detector the pre-check runs.
/// One option group shared by every command that runs a pre-check.
struct DetectorOptions: ParsableArguments {
    @Option(help: "Face detector: cnn (BlazeFace short-range with keypoints, the default) or cascade (OpenCV frontal-face cascade).")
    var detector: String = "cnn"

    @Option(help: "OpenCV cascade XML for --detector cascade.")
    var cascade: String = CascadeClassifier.defaultPath

    func validate() throws {
        guard FaceDetectorChoice(name: detector) != nil else {
            throw ValidationError("--detector must be one of: \(FaceDetectorChoice.names.joined(separator: ", ")) (got \(detector))")
        }
    }

    /// The chosen detector (validated above, so never nil in a parsed command).
    var choice: FaceDetectorChoice { FaceDetectorChoice(name: detector, cascadePath: cascade) ?? .cnn }
}
