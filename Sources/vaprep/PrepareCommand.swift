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
            Profiles: \(Profile.builtIn.map(\.name).joined(separator: ", ")) (default \(Profile.default.name)). \
            A --profile-file is JSON such as {"name": "my-api", "maxValueBytes": 4000000, \
            "durationRange": {"min": 2, "max": 10}, "fpsRange": {"max": 30}, "maxSide": 960, \
            "containers": ["mp4"], "videoCodecs": ["h264"], "crf": \(Int(Profile.defaultCRF))}.
            """
    )

    @Argument(help: "The video to prepare.")
    var file: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the prepared MP4 here.")
    var output: String?

    @Option(help: "Write the videoData value (base64: + base64, no line break) here.")
    var payload: String?

    @Option(help: "Built-in profile name.")
    var profile: String?

    @Option(help: "Load the profile from this JSON file instead.")
    var profileFile: String?

    @Option(help: "Size limit in the profile's unit (videoData value bytes; file bytes for aliyun).")
    var maxBytes: Int?

    @Option(help: "Window start in seconds.")
    var start: Double?

    @Option(help: "Window length in seconds.")
    var duration: Double?

    @Option(help: "Frame-rate cap.")
    var maxFps: Double?

    @Option(help: "Longest displayed side of a transcoded output, in pixels.")
    var maxSide: Int?

    @Option(help: "OpenCV cascade XML for the face detector that chooses the window when --start is not given.")
    var cascade: String = CascadeClassifier.defaultPath

    @Flag(help: "Keep the audio (AAC) in a transcode; it counts against the budget.")
    var keepAudio = false

    @Flag(help: "Print a JSON object: passThrough, plan, attempts, mp4Bytes, payloadBytes, budgetBytes, output, seconds.")
    var json = false

    func validate() throws {
        if profile != nil && profileFile != nil {
            throw ValidationError("use --profile or --profile-file, not both")
        }
    }

    func run() async throws {
        var chosen: Profile
        if let profileFile {
            chosen = try Profile.load(contentsOf: profileFile)
        } else {
            chosen = try Profile.named(profile ?? Profile.default.name)
        }
        chosen = try chosen.applying(ProfileOverrides(maxBytes: maxBytes, maxFps: maxFps, maxSide: maxSide))
        let targets = try OutputTargets(input: file, mp4: output, payload: payload)

        // Without --start, the window goes where the face is best (a sparse sample of a long
        // clip first; a clip no longer than the window is kept whole).
        var preferredStart: Double? = nil
        if start == nil {
            let source = try await MediaProbe.probe(path: file)
            let window = min(source.durationSeconds, duration ?? chosen.preferredDuration ?? source.durationSeconds)
            let check = try PreCheck(cascadePath: cascade, thresholds: PreCheckPipeline.thresholds(for: chosen))
            preferredStart = try await ClipReport.bestWindowStart(
                path: file, source: source, windowDuration: window, check: check)
        }
        let options = PrepareOptions(start: start, duration: duration, preferredStart: preferredStart, keepAudio: keepAudio)
        let preparation = Preparer.start(path: file, profile: chosen, options: options)
        let bar = Terminal.stderrIsTTY ? Task { await ProgressBar.draw(preparation.progress) } : nil
        let clip: PreparedClip
        do {
            clip = try await preparation.result
            await bar?.value
        } catch {
            await bar?.value
            throw error
        }

        try await targets.write(clip)
        if json {
            try Terminal.printJSON(clip)
        } else {
            print(PrepareSummary(path: file, clip: clip, targets: targets).text)
        }
    }
}

/// Where `prepare` writes, checked before any work: never onto the input, never both
/// outputs onto one file.
struct OutputTargets {
    var mp4: String?
    var payload: String?

    init(input: String, mp4: String?, payload: String?) throws {
        for path in [mp4, payload].compactMap({ $0 }) where Self.sameFile(path, input) {
            throw CLIUsageError(message: "refusing to overwrite the input \(input) with \(path)")
        }
        if let mp4, let payload, Self.sameFile(mp4, payload) {
            throw CLIUsageError(message: "-o and --payload name the same file \(mp4)")
        }
        // Checked before the encode, so a typo in the output path does not waste it.
        for path in [mp4, payload].compactMap({ $0 }) {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard access(directory, W_OK) == 0 else {
                throw CLIUsageError(message: "cannot write \(path): \(directory) is missing or not writable")
            }
        }
        self.mp4 = mp4
        self.payload = payload
    }

    func write(_ clip: PreparedClip) async throws {
        if let mp4 { try await AtomicFile.write(to: mp4) { try $0.write(contentsOf: Data(clip.mp4)) } }
        if let payload {
            // Streamed in 64 KiB chunks: the value never exists whole beside the MP4 in memory.
            var written = 0
            try await AtomicFile.write(to: payload) { handle in
                for try await chunk in Base64ChunkSequence(bytes: clip.mp4, prefix: true) {
                    try handle.write(contentsOf: Data(chunk))
                    written += chunk.count
                }
            }
            precondition(written == clip.payloadBytes, "payload size arithmetic and encoder disagree")
        }
    }

    var written: [String] { [mp4, payload].compactMap { $0 } }

    /// Whether both paths name one file (the same inode, or the same absolute path when
    /// `b` does not exist yet).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}

/// Writes a file so that readers see the old file or the whole new one, never a partial one:
/// a private (0600) temp file in the same directory, fsync, rename.
enum AtomicFile {
    static func write(to path: String, _ body: (FileHandle) async throws -> Void) async throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/.\(url.lastPathComponent).XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CLIUsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var renamed = false
        defer {
            if !renamed { unlink(temp) }
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try await body(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw CLIUsageError(message: "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temp, path) == 0 else {
            throw CLIUsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        renamed = true
    }
}

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
                if let fps = s.maxFps { line += String(format: " ≤ %.0f fps", fps) }
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

/// A one-line progress bar on stderr, redrawn in place; only drawn when stderr is a TTY.
enum ProgressBar {
    static func draw(_ steps: AsyncStream<PrepareProgress>) async {
        var last = ""
        for await step in steps {
            let width = 30
            let filled = Int((step.fraction.clamped * Double(width)).rounded(.down))
            let label = step.attempt > 1 ? "\(step.stage.rawValue) (attempt \(step.attempt))" : step.stage.rawValue
            let line = "\r\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) ["
                + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] " + String(format: "%3d%%", Int(step.fraction.clamped * 100))
            if line != last {
                FileHandle.standardError.write(Data(line.utf8))
                last = line
            }
        }
        // Clear the bar so the result starts on a clean line.
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 60) + "\r").utf8))
    }
}

private extension Double {
    var clamped: Double { Swift.min(1, Swift.max(0, self)) }
}
