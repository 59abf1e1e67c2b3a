import VAPrep

/// The human-readable result of `vaprep FILE`: the source, the plan, the payload, the verdict.
struct ReportSummary {
    var path: String
    var report: ClipReport

    var text: String {
        let clip = report.prepared
        var payload = "  payload    \(clip.payloadBytes) bytes of videoData (MP4 \(clip.mp4Bytes) bytes"
        if let budget = clip.budgetBytes { payload += ", budget \(budget)" }
        payload += ", prepared in \(Format.seconds(clip.seconds)))"
        return [
            MediaSummary(path: path, info: report.source).text,
            PlanSummary.lines(clip.plan).joined(separator: "\n"),
            payload,
            PreCheckSummary(path: path, report: report.preCheck).text,
        ].joined(separator: "\n")
    }
}
