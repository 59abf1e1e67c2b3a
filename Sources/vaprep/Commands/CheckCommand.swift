import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck

/// `vaprep check FILE [--json]`: the pre-check verdict, before anyone pays for a vendor call.
struct CheckCommand: AsyncParsableCommand {
    /// What one pair is, for the help texts: the gaps as ``PreCheck/pairGaps`` has them.
    private static let pairShape = "a frame and two more \(PreCheck.pairGaps.map { "\($0)" }.joined(separator: " and ")) s later"

    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Pre-check a selfie clip: face present, light, focus and live (non-rigid) motion.",
        discussion: """
            Judges the window the profile would send (the same one `vaprep FILE` judges), without \
            encoding it: samples frame pairs (\(pairShape)), finds the face with a CNN \
            (BlazeFace short-range, as mediapipe runs it; --detector cascade for OpenCV's frontal-face \
            cascade) and judges exposure, sharpness and motion on the face. Exit code 1 when the verdict is fail. This is a pre-check, not a liveness model.
            Reason codes: \(PreCheckReport.ReasonCode.allCases.map(\.rawValue).joined(separator: ", ")).
            JSON keys: verdict, reasons[{code, severity, value, threshold, message}], \
            frames[{time, faces, faceLuma, sharpness, motion}], seconds, note.
            """
    )

    @Argument(help: "The video file to check.")
    var file: String

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var detector: DetectorOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Frame pairs to sample (each \(pairShape)).")
    var pairs: Int = PreCheck.standardPairCount

    func validate() throws {
        guard (1...50).contains(pairs) else { throw ValidationError("--pairs must be 1…50") }
    }

    func run() async throws {
        let profile = try profileOptions.resolve()
        let job = ClipJob(path: file, profile: profile, steps: [.searchWindow, .preCheck],
                          check: try detector.preCheck(for: profile), pairs: pairs)
        let result = try await job.run()
        guard var report = result.preCheck else { preconditionFailure("a job with the pre-check step returns a report") }
        report.seconds = result.seconds
        try output.emit(report) { PreCheckSummary(path: file, report: report).text }
        if report.verdict == .fail {
            throw ClipUnusable(summary: "pre-check failed: " + report.reasons.filter { $0.severity == .fail }.map(\.code.rawValue).joined(separator: ", "))
        }
    }
}
