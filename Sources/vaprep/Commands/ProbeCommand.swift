import ArgumentParser
import VAPrepMedia

/// `vaprep probe FILE [--json]`: what the file is, read through vaprep's safe open.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Describe a video: container, codec, size, rotation, frame rate, colour, audio.",
        discussion: """
            The file is opened with vaprep's safe open (local files only, real containers only, \
            bounded probe), so a hostile file ends in an input error (exit 3), never a hang.
            JSON keys (MediaInfo): format, durationSeconds, sizeBytes, bitRate, video{…}, audio[…].
            """
    )

    @Argument(help: "The video file to describe.")
    var file: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let info = try await MediaProbe.probe(path: file)
        try output.emit(info) { MediaSummary(path: file, info: info).text }
    }
}
