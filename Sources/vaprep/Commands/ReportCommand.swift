import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck

/// `vaprep FILE`: the main job. Describes the clip, plans and prepares its payload in memory
/// (nothing is written: `vaprep prepare -o` does that when asked) and pre-checks it.
/// Exit code 1 when the pre-check says the clip would fail.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The main job (default): describe the clip, prepare its payload in memory and pre-check it.",
        discussion: """
            The pre-check judges the frames of the window that would be sent. \
            JSON keys: source, prepared{passThrough, plan, attempts, mp4Bytes, payloadBytes, budgetBytes, output, \
            seconds}, preCheck{verdict, reasons, frames, seconds, note}, windowSearch{start, windowSeconds, \
            keyframesOnly, samples} (absent when the clip fits the window).
            """
    )

    @Argument(help: "The video file to report on.")
    var file: String

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var detector: DetectorOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let profile = try profileOptions.resolve()
        let job = ClipJob(path: file, profile: profile, steps: .all, check: try detector.preCheck(for: profile))
        let report = try ClipReport(try await job.run())
        try output.emit(report) { ReportSummary(path: file, report: report).text }
        if report.preCheck.verdict == .fail {
            throw ClipUnusable(summary: "pre-check failed: "
                + report.preCheck.reasons.filter { $0.severity == .fail }.map(\.code.rawValue).joined(separator: ", "))
        }
    }
}
