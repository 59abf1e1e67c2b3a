import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// `vaprep FILE`: the main job. Describes the clip, plans and prepares its payload in memory
/// (nothing is written: `vaprep prepare -o` does that when asked) and pre-checks it.
/// Exit code 1 when the pre-check says the clip would fail.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The main job (default): describe the clip, prepare its payload in memory and pre-check it."
    )

    @Argument(help: "The video file to report on.")
    var file: String

    @Option(help: "Built-in profile (juhe-videoauth, juhe-liveness, huawei, baidu, aliyun).")
    var profile: String?

    @OptionGroup var detection: DetectorOptions

    @Flag(help: "Print the report as JSON (keys: source, prepared{passThrough, plan, mp4Bytes, payloadBytes, budgetBytes, output, seconds, …}, preCheck{verdict, reasons, frames, …}).")
    var json = false

    func run() async throws {
        let chosen = try Profile.named(profile ?? Profile.default.name)
        let report = try await ClipReport.make(path: file, profile: chosen, detector: detection.choice)
        if json {
            try Terminal.printJSON(report)
        } else {
            print(MediaSummary(path: file, info: report.source).text)
            print(PlanSummary.lines(report.prepared.plan).joined(separator: "\n"))
            let clip = report.prepared
            var payload = "  payload    \(clip.payloadBytes) bytes of videoData (MP4 \(clip.mp4Bytes) bytes"
            if let budget = clip.budgetBytes { payload += ", budget \(budget)" }
            payload += ", prepared in \(Format.seconds(clip.seconds)))"
            print(payload)
            print(PreCheckSummary(path: file, report: report.preCheck).text)
        }
        if report.preCheck.verdict == .fail {
            throw ClipUnusable(summary: "pre-check failed: "
                + report.preCheck.reasons.filter { $0.severity == .fail }.map(\.code.rawValue).joined(separator: ", "))
        }
    }
}
