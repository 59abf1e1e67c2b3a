import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// `vaprep check FILE [--json]`: the pre-check verdict, before anyone pays for a vendor call.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Pre-check a selfie clip: face present, light, focus and live (non-rigid) motion.",
        discussion: """
            Samples frame pairs \(PreCheck.pairGapSeconds) s apart, finds the face with OpenCV's frontal-face cascade \
            (a bit-exact Swift port; no OpenCV needed) and judges exposure, sharpness and motion on the \
            face. Exit code 1 when the verdict is fail. This is a pre-check, not a liveness model.
            Reason codes: \(PreCheckReport.ReasonCode.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Argument(help: "The video file to check.")
    var file: String

    @Flag(help: "Print the report as JSON (keys: verdict, reasons[{code, severity, value, threshold, message}], frames[{time, faces, faceLuma, sharpness, motion}], seconds, note).")
    var json = false

    @Option(help: "Built-in profile whose duration and fps limits apply.")
    var profile: String?

    @Option(help: "OpenCV cascade XML for the face detector.")
    var cascade: String = CascadeClassifier.defaultPath

    @Option(help: "Frame pairs to sample (each pair \(PreCheck.pairGapSeconds) s apart).")
    var pairs: Int = PreCheck.standardPairCount

    func validate() throws {
        guard (1...50).contains(pairs) else { throw ValidationError("--pairs must be 1…50") }
    }

    func run() async throws {
        let chosen = try Profile.named(profile ?? Profile.default.name)
        let report = try await PreCheckPipeline.run(path: file, profile: chosen, cascadePath: cascade, pairs: pairs)
        if json {
            try Terminal.printJSON(report)
        } else {
            print(PreCheckSummary(path: file, report: report).text)
        }
        if report.verdict == .fail {
            throw ClipUnusable(summary: "pre-check failed: " + report.reasons.filter { $0.severity == .fail }.map(\.code.rawValue).joined(separator: ", "))
        }
    }
}

/// The human-readable pre-check report.
struct PreCheckSummary {
    var path: String
    var report: PreCheckReport

    var text: String {
        var lines = ["\(path): pre-check \(report.verdict.rawValue.uppercased())"]
        for r in report.reasons {
            lines.append("  \(r.severity.rawValue) \(r.code.rawValue): \(r.message) (measured \(Self.number(r.value)), limit \(Self.number(r.threshold)))")
        }
        lines.append("  frames: " + report.frames.map { f in
            let face = f.faces.first.map { "face \($0.width)px" } ?? "no face"
            let motion = f.motion.map { " motion \(Self.number($0))" } ?? ""
            return String(format: "%.2fs ", f.time) + face + motion
        }.joined(separator: "; "))
        lines.append(String(format: "  analysed in %.2f s. ", report.seconds) + PreCheckReport.disclaimer)
        return lines.joined(separator: "\n")
    }

    static func number(_ v: Double) -> String {
        abs(v) >= 10 ? String(format: "%.1f", v) : String(format: "%.3g", v)
    }
}
