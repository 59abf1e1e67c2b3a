import Foundation
import VAPrepCheck

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
