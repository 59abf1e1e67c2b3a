import VAPrep

/// The human-readable result of `vaprep prepare`.
struct PrepareSummary {
    var path: String
    var clip: PreparedClip
    var targets: OutputTargets

    var text: String {
        let plan = clip.plan
        let v = clip.output.video
        var lines = [path]
        lines += PlanSummary.lines(plan, budgetLine: false)
        lines.append("  output     \(v.codec)\(v.profile.map { " \($0)" } ?? ""), \(v.pixelFormat), \(v.displayWidth)x\(v.displayHeight), "
            + String(format: "%.2f fps, ", v.fps) + Format.seconds(clip.output.durationSeconds))
        var size = "  payload    \(clip.payloadBytes) bytes of videoData (MP4 \(Format.bytes(clip.mp4Bytes)))"
        if let budget = plan.budget {
            size += ", budget \(budget.limitBytes) bytes of \(budget.unit.rawValue)"
        }
        if clip.attempts.count > 1 { size += ", \(clip.attempts.count) encodes to fit" }
        lines.append(size)
        lines.append("  time       \(Format.seconds(clip.seconds))")
        if !targets.written.isEmpty { lines.append("  wrote      \(targets.written.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
