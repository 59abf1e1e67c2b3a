import ArgumentParser
import VAPrep
import VAPrepCheck

/// The face detector of every command that looks for faces.
struct DetectorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("OpenCV cascade XML for the face detector.", valueName: "path"))
    var cascade: String = CascadeClassifier.defaultPath

    /// The pre-check with this detector and the limits of `profile`.
    /// - Throws: `CascadeError` when the cascade cannot be read.
    func preCheck(for profile: Profile) throws -> PreCheck {
        try PreCheck(cascadePath: cascade, thresholds: Plan.preCheckThresholds(for: profile))
    }
}
