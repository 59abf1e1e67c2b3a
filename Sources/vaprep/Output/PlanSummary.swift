import VAPrep
import VAPrepMedia

/// The plan in a few lines, for `vaprep prepare` and for the report of `vaprep FILE`
/// (which plans without encoding: a pass-through's payload size is exact before any work).
enum PlanSummary {
    static func lines(_ plan: Plan, budgetLine: Bool = true) -> [String] {
        var lines: [String] = []
        if plan.passThrough {
            var line = "  plan       pass-through (already complies with \(plan.profile))"
            if let bytes = plan.passThroughPayloadBytes { line += "; sends \(bytes) bytes of videoData" }
            lines.append(line)
        } else {
            let why = plan.reasons.map(\.code).joined(separator: ", ")
            var line = "  plan       transcode for \(plan.profile) (\(why)); window \(Format.seconds(plan.windowStart)) + \(Format.seconds(plan.windowDuration))"
            if let s = plan.transcode {
                line += ", \(s.outputWidth)x\(s.outputHeight)"
                // Every plan caps at the probe's bound; only a lower, profile cap is news.
                if let fps = s.maxFps, fps < VideoStreamInfo.maxFramesPerSecond { line += String(format: " ≤ %.0f fps", fps) }
            }
            lines.append(line)
            if budgetLine, let budget = plan.budget {
                lines.append("  budget     at most \(budget.limitBytes) bytes of \(budget.unit.rawValue) (MP4 ≤ \(budget.maxMP4Bytes) bytes)")
            }
        }
        for note in plan.notes { lines.append("  note       \(note)") }
        return lines
    }
}
