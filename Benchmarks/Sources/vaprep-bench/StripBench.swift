import ArgumentParser
import Foundation
import VAPrepMedia

/// `vaprep-bench strip`: what stripping metadata adds to a pass-through — ours (stream-copy
/// remux in memory) against reading the original file (the old pass-through) and against the
/// `ffmpeg` command doing the same remux (`-map 0:v -c copy -map_metadata -1 -map_chapters -1`,
/// process start included, output to a file), in the same run.
struct StripBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strip",
        abstract: "Metadata strip of a compliant clip: in-memory stream copy vs reading the file vs the ffmpeg command."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Clips to strip (default: testdata/live.mp4 and a 1080p 5 s phone-like clip made with ffmpeg).")
    var clips: [String] = []

    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-stripbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths = clips
        if paths.isEmpty {
            paths = [Self.repositoryRoot.path + "/testdata/live.mp4", try makePhoneClip(in: folder)]
        }
        var report = BenchReport(title: "strip: pass-through cost per clip (\(options.repetitions) reps, \(options.warmup) warm-up)")
        for path in paths {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let name = "\(URL(fileURLWithPath: path).lastPathComponent) \(size / 1000) kB"
            let source = try await MediaSource.open(path: path)
            var strippedBytes = 0
            let strip = try measure(repetitions: options.repetitions, warmup: options.warmup) {
                let stripped = try MetadataStripper.strip(source: source)
                strippedBytes = stripped.mp4.count
                blackHole(stripped)
            }
            let read = try measure(repetitions: options.repetitions, warmup: options.warmup) {
                blackHole(try Data(contentsOf: URL(fileURLWithPath: path), options: .uncached))
            }
            let out = folder.appendingPathComponent("ffmpeg-out.mp4").path
            var ffmpegSamples: [Double] = []
            for index in 0..<(options.warmup + options.repetitions) {
                let run = try ProcessRunner.run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", path, "-map", "0:v:0", "-c", "copy",
                                                           "-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact", out])
                guard run.exitStatus == 0 else { throw ValidationError("ffmpeg failed on \(path)") }
                if index >= options.warmup { ffmpegSamples.append(run.wallSeconds) }
            }
            let ffmpeg = Stats(samples: ffmpegSamples)
            report.addTime(case: name, impl: "vaprep strip (opened source)", stats: strip)
            report.addTime(case: name, impl: "read original (old pass-through)", stats: read)
            report.addTime(case: name, impl: "ffmpeg command", stats: ffmpeg)
            report.add(case: name, impl: "vaprep strip (opened source)", metric: "output bytes", value: Double(strippedBytes), unit: "B")
            report.addRatio(case: name, metric: "median strip/ffmpeg", value: strip.median / ffmpeg.median)
        }
        report.print(json: options.json)
    }

    /// A 1080p 5 s H.264 clip with AAC audio and a phone's tags (location, make, model).
    private func makePhoneClip(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("phone-1080p.mp4").path
        let run = try ProcessRunner.run("ffmpeg", [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1080x1920:rate=30:duration=5",
            "-f", "lavfi", "-i", "sine=duration=5", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-metadata", "location=+37.7749-122.4194/", "-metadata", "make=Apple", "-metadata", "model=iPhone 15 Pro",
            "-movflags", "use_metadata_tags", path,
        ])
        guard run.exitStatus == 0 else { throw ValidationError("ffmpeg could not make the phone-like clip") }
        return path
    }
}
