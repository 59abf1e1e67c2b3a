import ArgumentParser
import VAPrepMedia

/// `vaprep FILE`: the main job. Describes the clip; the preparation and pre-check stages
/// extend this report with the plan, the payload size and the verdict.
/// It writes no file: `vaprep prepare -o` does that when asked.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The main job (default): describe the clip, plan its payload and pre-check it.",
        shouldDisplay: true
    )

    @Argument(help: "The video file to report on.")
    var file: String

    func run() async throws {
        let info = try await MediaProbe.probe(path: file)
        print(MediaSummary(path: file, info: info).text)
    }
}
