import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia
import VAPrepPayload

/// `vaprep prepare FILE`: makes the MP4 (and its `videoData` value) that fits the profile.
struct PrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Trim, autorotate, scale and re-encode a clip so its videoData value fits the profile's budget.",
        discussion: """
            A clip that already complies (accepted container, H.264 8-bit 4:2:0, no rotation, \
            fps and duration in range, within budget) is passed through untouched. Otherwise the \
            window is transcoded to H.264 under a bit cap derived from the budget, and re-encoded \
            lower if it still comes out over: the payload is never over the budget.
            Files are written only when asked (-o, --payload), atomically, readable by you only.
            Without --start the window goes where the face is best (keyframes of a long clip are searched).
            JSON keys: passThrough, plan, attempts, mp4Bytes, payloadBytes, budgetBytes, output, seconds.
            Built-in profiles:
            \(ProfileHelp.table)
            A --profile-file is JSON such as \(ProfileHelp.fileExample).
            """
    )

    @Argument(help: "The video to prepare.")
    var file: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the prepared MP4 here.")
    var output: String?

    @Option(help: "Write the videoData value (base64: + base64, no line break) here.")
    var payload: String?

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var detector: DetectorOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Window start in seconds.")
    var start: Double?

    @Option(help: "Window length in seconds.")
    var duration: Double?

    @Flag(help: "Keep the audio (AAC) in a transcode; it counts against the budget.")
    var keepAudio = false

    func run() async throws {
        let chosen = try profileOptions.resolve()
        let targets = try OutputTargets(input: file, mp4: output, payload: payload)

        // One job: without --start, the window goes where the face is best (a keyframe
        // search of a long clip; a clip no longer than the window is kept whole).
        let options = PrepareOptions(start: start, duration: duration, keepAudio: keepAudio)
        var steps: ClipJob.Step = [.encode]
        var check: PreCheck?
        if start == nil {
            steps.insert(.searchWindow)
            check = try detector.preCheck(for: chosen)
        }
        let job = ClipJob(path: file, profile: chosen, options: options, steps: steps, check: check)
        let (progress, continuation) = AsyncStream.makeStream(of: PrepareProgress.self, bufferingPolicy: .bufferingNewest(64))
        let bar = Terminal.stderrIsTTY ? Task { await ProgressBar.draw(progress) } : nil
        let result: ClipJobResult
        do {
            result = try await job.run { continuation.yield($0) }
            continuation.finish()
            await bar?.value
        } catch {
            continuation.finish()
            await bar?.value
            throw error
        }
        guard let clip = result.prepared else { preconditionFailure("a job with the encode step returns a prepared clip") }

        try await targets.write(clip)
        try outputOptions.emit(clip) { PrepareSummary(path: file, clip: clip, targets: targets).text }
    }
}
