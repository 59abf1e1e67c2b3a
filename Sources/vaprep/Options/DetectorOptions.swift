import ArgumentParser
import VAPrep
import VAPrepCheck

/// `--detector cnn|cascade` and `--cascade PATH`: the face detector of every command that
/// looks for faces.
struct DetectorOptions: ParsableArguments {
    @Option(help: "Face detector: cnn (BlazeFace short-range with keypoints, the default) or cascade (OpenCV frontal-face cascade).")
    var detector: String = "cnn"

    @Option(help: ArgumentHelp("OpenCV cascade XML for --detector cascade.", valueName: "path"))
    var cascade: String = CascadeClassifier.defaultPath

    func validate() throws {
        guard FaceDetectorChoice(name: detector) != nil else {
            throw ValidationError("--detector must be one of: \(FaceDetectorChoice.names.joined(separator: ", ")) (got \(detector))")
        }
    }

    /// The chosen detector (validated above, so never nil in a parsed command).
    var choice: FaceDetectorChoice { FaceDetectorChoice(name: detector, cascadePath: cascade) ?? .cnn }

    /// The pre-check with this detector and the limits of `profile`.
    /// - Throws: `CascadeError` when the cascade cannot be read.
    func preCheck(for profile: Profile) throws -> PreCheck {
        try PreCheck(detector: choice, thresholds: Plan.preCheckThresholds(for: profile))
    }
}
