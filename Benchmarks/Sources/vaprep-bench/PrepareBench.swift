import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `vaprep-bench prepare`: `vaprep prepare` against the `ffmpeg` command line, in the same run,
/// on inputs generated at benchmark time (nothing big is committed).
///
/// Both run as child processes, alternating, so wall time includes process start for both and
/// peak RSS is each child's own (`wait4`'s rusage: the child and the children it reaped).
/// The ffmpeg recipe gets the same output size and VBV cap as vaprep's plan and CRF 23.
/// On the HLG input a third contender, `ffmpeg-tonemap`, adds ffmpeg's own tone mapping
/// (zscale + tonemap), since the issue's recipe leaves HDR untouched and so does less work.
/// SSIM compares each output with the same source window, autorotated and scaled the same way.
struct PrepareBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Compare `vaprep prepare` (at 0, default window) and `vaprep FILE` with the ffmpeg command line: wall time, peak RSS, payload bytes, SSIM."
    )

    @Option(help: "Path of the release-built vaprep binary.")
    var vaprep: String = PrepareBench.defaultVAPrepPath()

    @OptionGroup var options: BenchOptions

    @Option(help: "Seconds of generated input.")
    var inputSeconds = 30

    @Option(help: "Cases to run (comma-separated): h264-1080p30, hevc10-hlg-1080p30, h264-1080p60, h264-1080p30-5min, h264-face-1080p30, hevc10-hlg-face-1080p30.")
    var cases = "h264-1080p30,hevc10-hlg-1080p30,h264-1080p60,h264-1080p30-5min"

    @Option(help: "Where to generate inputs (kept between runs when given; a fresh temp dir otherwise).")
    var workDirectory: String?

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: vaprep) else {
            throw ValidationError("no vaprep binary at \(vaprep); build it with `swift build -c release` or pass --vaprep")
        }
        let dir = workDirectory ?? (NSTemporaryDirectory() + "/vaprep-bench-prepare-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workDirectory == nil { try? FileManager.default.removeItem(atPath: dir) } }

        var report = BenchReport(title: "prepare: 5 s window, default profile; vaprep vs ffmpeg CLI "
            + "(\(options.repetitions) alternating runs each; wall and CPU s, peak RSS MiB, payload bytes, SSIM vs source window)")
        for name in cases.split(separator: ",").map(String.init) {
            guard let input = BenchInput(rawValue: name) else { throw ValidationError("unknown case \(name)") }
            let source = try input.generate(in: dir, seconds: inputSeconds, log: log)
            if input.hasFace {
                try compareFaceWeighting(input: input, source: source, dir: dir, into: &report)
            } else {
                try compare(input: input, source: source, dir: dir, into: &report)
            }
        }
        report.print(json: options.json)
    }

    func log(_ text: String) {
        FileHandle.standardError.write(Data(("[prepare-bench] " + text + "\n").utf8))
    }

    private func compare(input: BenchInput, source: String, dir: String, into report: inout BenchReport) throws {
        let ours = dir + "/\(input.rawValue).vaprep"
        let theirs = dir + "/\(input.rawValue).ffmpeg"
        // One untimed run of ours gives the plan (output size, VBV cap) the ffmpeg recipe copies.
        // `--start 0`: the ffmpeg recipe cuts at 0 with no face analysis, so vaprep is timed on
        // the same work; its face-aware window choice (a sparse sample of the whole clip) is
        // measured by `vaprep-bench precheck`, not here.
        _ = try shell(#""$1" prepare "$2" --start 0 -o "$3.mp4" --payload "$3.txt" --json > "$3.json""#, [vaprep, source, ours])
        let prepared = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ours + ".json"))) as? [String: Any]
        guard let plan = prepared?["plan"] as? [String: Any], let settings = plan["transcode"] as? [String: Any],
              let width = settings["outputWidth"] as? Int, let height = settings["outputHeight"] as? Int
        else { throw ValidationError("vaprep did not transcode \(source); the comparison needs a transcode plan") }
        let maxRate = (settings["maxRateBitsPerSecond"] as? Int) ?? 0
        let window = (plan["windowDuration"] as? Double) ?? 5
        let ffmpegScript = #"ffmpeg -hide_banner -loglevel error -y -ss 0 -t "$2" -i "$1" -vf scale="$3":"$4" -c:v libx264 -preset veryfast -crf 23 -maxrate "$5" -bufsize "$5" -pix_fmt yuv420p -an -movflags +faststart "$6.mp4" && base64 -w0 "$6.mp4" > "$6.txt""#
        // Ours also writes the videoData value, as the recipe's `base64 -w0` does.
        let oursScript = #""$1" prepare "$2" --start 0 --payload "$3.txt" > /dev/null"#
        // The default path: the window where the face is best (a keyframe search of the clip first).
        let defaultPath = dir + "/\(input.rawValue).vaprep-default"
        let defaultScript = #""$1" prepare "$2" --payload "$3.txt" > /dev/null"#
        // One untimed run writes its MP4 for the SSIM row, as the run above does for "vaprep".
        _ = try shell(#""$1" prepare "$2" -o "$3.mp4" > /dev/null"#, [vaprep, source, defaultPath])
        // The main job, `vaprep FILE`: search, prepare in memory, pre-check. It writes nothing, so
        // it has no payload or SSIM row; the generated inputs show no face, so its verdict is
        // `fail` and exit 1 is its success here.
        let mainScript = #""$1" "$2" > /dev/null; s=$?; [ $s -eq 0 ] || [ $s -eq 1 ]"#
        var contenders = [Contender(name: "vaprep", script: oursScript, args: [vaprep, source, ours], output: ours),
                          Contender(name: "ffmpeg", script: ffmpegScript,
                                    args: [source, String(window), String(width), String(height), String(maxRate), theirs],
                                    output: theirs),
                          Contender(name: "vaprep-default", script: defaultScript, args: [vaprep, source, defaultPath],
                                    output: defaultPath),
                          Contender(name: "vaprep-main", script: mainScript, args: [vaprep, source], output: nil)]
        if input == .hevc {
            // The issue's recipe does not tone-map, so on HLG it does less than vaprep. This one
            // does the same job with ffmpeg's own filters (zimg), scaled first as vaprep does:
            // linear light, BT.2020 → BT.709, Hable's curve, BT.709 limited range.
            let toneMapped = dir + "/\(input.rawValue).ffmpeg-tonemap"
            let toneMapScript = #"ffmpeg -hide_banner -loglevel error -y -ss 0 -t "$2" -i "$1" -vf scale="$3":"$4",zscale=t=linear:npl=203,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p -c:v libx264 -preset veryfast -crf 23 -maxrate "$5" -bufsize "$5" -pix_fmt yuv420p -an -movflags +faststart "$6.mp4" && base64 -w0 "$6.mp4" > "$6.txt""#
            contenders.append(Contender(name: "ffmpeg-tonemap", script: toneMapScript,
                                        args: [source, String(window), String(width), String(height), String(maxRate), toneMapped],
                                        output: toneMapped))
        }

        let cpuFile = dir + "/cpu.txt"
        for i in 0..<(options.warmup + options.repetitions) {
            // Rotate who goes first so none always meets a warm or a cold cache.
            var timed: [(run: ProcessRunner.Run, cpu: Double)] = Array(repeating: (ProcessRunner.Run(exitStatus: -1, wallSeconds: 0, peakRSSBytes: 0), 0), count: contenders.count)
            for k in 0..<contenders.count {
                let j = (i + k) % contenders.count
                timed[j] = try timedShell(contenders[j].script, contenders[j].args, cpuFile: cpuFile)
            }
            for (j, t) in timed.enumerated() where t.run.exitStatus != 0 {
                throw ValidationError("\(input.rawValue): a \(contenders[j].name) run failed (exit \(t.run.exitStatus))")
            }
            guard i >= options.warmup else { continue }
            for j in contenders.indices {
                contenders[j].runs.append(timed[j].run)
                contenders[j].cpu.append(timed[j].cpu)
            }
            log("\(input.rawValue) run \(i + 1 - options.warmup): " + zip(contenders, timed).map { c, t in
                "\(c.name) \(fmt(t.run.wallSeconds)) s (CPU \(fmt(t.cpu)) s)" }.joined(separator: ", "))
        }

        let name = input.rawValue
        var measured: [(name: String, wall: Double, cpu: Double, rss: Double, payload: Int, ssim: Double)] = []
        for c in contenders {
            // The default path may choose another window than 0 (no face: it keeps 0), so its
            // SSIM is against the same 0-based window; the main job writes no output.
            let ssim = try c.output.map { try Self.ssim(output: $0 + ".mp4", source: source, window: window, width: width, height: height) } ?? .nan
            let payload = c.output.map { Self.fileSize($0 + ".txt") } ?? 0
            let stats = Stats(samples: c.runs.map(\.wallSeconds))
            let cpuMedian = Stats(samples: c.cpu).median
            let rss = Double(c.runs.map(\.peakRSSBytes).max() ?? 0) / 1_048_576
            report.add(case: name, impl: c.name, metric: "wall median", value: stats.median, unit: "s")
            report.add(case: name, impl: c.name, metric: "wall best", value: stats.best, unit: "s")
            report.add(case: name, impl: c.name, metric: "spread", value: stats.spreadPercent, unit: "%")
            report.add(case: name, impl: c.name, metric: "CPU median", value: cpuMedian, unit: "s")
            report.add(case: name, impl: c.name, metric: "peak RSS", value: rss, unit: "MiB")
            if c.output != nil {
                report.add(case: name, impl: c.name, metric: "payload", value: Double(payload), unit: "bytes")
                report.add(case: name, impl: c.name, metric: "SSIM", value: ssim, unit: "ssim")
            }
            measured.append((c.name, stats.median, cpuMedian, rss, payload, ssim))
        }
        let o = measured[0]
        let recipes = measured.filter { $0.name.hasPrefix("ffmpeg") }
        for t in recipes {
            report.addRatio(case: name, metric: "wall median vaprep/\(t.name)", value: o.wall / t.wall)
            report.addRatio(case: name, metric: "CPU median vaprep/\(t.name)", value: o.cpu / max(t.cpu, 0.001))
            report.addRatio(case: name, metric: "peak RSS vaprep/\(t.name)", value: o.rss / t.rss)
            report.addRatio(case: name, metric: "payload vaprep/\(t.name)", value: Double(o.payload) / Double(max(1, t.payload)))
            report.add(case: name, impl: "ratio", metric: "SSIM vaprep-\(t.name)", value: o.ssim - t.ssim, unit: "ssim")
        }
        // The goals: default prepare ≤ 0.8× and the main job ≤ 1.0× the recipe (on HLG, the
        // recipe that tone-maps: the same job).
        let recipe = recipes.last!
        for ours in measured where ours.name == "vaprep-default" || ours.name == "vaprep-main" {
            report.addRatio(case: name, metric: "wall median \(ours.name)/\(recipe.name)", value: ours.wall / recipe.wall)
            report.addRatio(case: name, metric: "CPU median \(ours.name)/\(recipe.name)", value: ours.cpu / max(recipe.cpu, 0.001))
            report.addRatio(case: name, metric: "peak RSS \(ours.name)/\(recipe.name)", value: ours.rss / recipe.rss)
        }
    }

    /// One implementation in the comparison: a shell script run with `args` as `$1`…, writing
    /// `output.mp4` and `output.txt` (the payload), or nothing when `output` is nil.
    struct Contender {
        var name: String
        var script: String
        var args: [String]
        var output: String?
        var runs: [ProcessRunner.Run] = []
        var cpu: [Double] = []
    }

    /// Runs `/bin/sh -c script sh args…` (arguments as `$1`…, so nothing needs quoting) as a
    /// child whose wall time and peak RSS (its own and its children's, from `wait4`) are measured.
    func shell(_ script: String, _ args: [String]) throws -> ProcessRunner.Run {
        try ProcessRunner.run("/bin/sh", ["-c", script, "sh"] + args)
    }

    /// Like ``shell(_:_:)``, plus the CPU seconds (user + system) of everything the script ran,
    /// from the shell's `times` builtin. On a shared machine wall time swings with the other
    /// tenants' load; CPU time says how much work each implementation did.
    func timedShell(_ script: String, _ args: [String], cpuFile: String) throws -> (run: ProcessRunner.Run, cpu: Double) {
        setenv("VAPREP_BENCH_CPU", cpuFile, 1)
        let run = try shell(script + #"; s=$?; times > "$VAPREP_BENCH_CPU"; exit $s"#, args)
        // `times` prints the shell's user/sys line, then its children's: "0m3.420000s 0m0.220000s".
        let lines = ((try? String(contentsOfFile: cpuFile, encoding: .utf8)) ?? "").split(separator: "\n")
        let seconds = lines.last.map { line in
            line.split(separator: " ").reduce(0.0) { total, field in
                let parts = field.dropLast().split(separator: "m")
                guard parts.count == 2, let m = Double(parts[0]), let s = Double(parts[1]) else { return total }
                return total + m * 60 + s
            }
        } ?? 0
        return (run, seconds)
    }

    /// Mean SSIM (luma+chroma, ffmpeg's "All") of `output` against the same window of `source`,
    /// autorotated and scaled to the output size.
    static func ssim(output: String, source: String, window: Double, width: Int, height: Int) throws -> Double {
        let log = output + ".ssim.txt"
        let script = #"ffmpeg -hide_banner -nostats -i "$1" -t "$3" -i "$2" -lavfi "[1:v]scale=$4:$5:flags=bicubic,format=yuv420p[ref];[0:v]format=yuv420p[out];[out][ref]ssim" -f null - 2> "$6""#
        let run = try ProcessRunner.run("/bin/sh", ["-c", script, "sh", output, source, String(window), String(width), String(height), log])
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard run.exitStatus == 0, let range = text.range(of: "All:") else { throw ValidationError("ssim failed for \(output): \(text.suffix(300))") }
        let number = text[range.upperBound...].prefix { "0123456789.".contains($0) }
        return Double(number) ?? 0
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func defaultVAPrepPath() -> String {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [exe.appendingPathComponent("vaprep").path,
                          exe.appendingPathComponent("../../../../.build/release/vaprep").standardized.path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "vaprep"
    }
}

private func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

// MARK: - Inputs

/// The inputs, made with the ffmpeg command line at benchmark time.
enum BenchInput: String {
    /// 1920×1080 30 fps H.264 High ~16 Mbit/s + AAC, −90° display matrix (a phone held upright).
    case h264 = "h264-1080p30"
    /// The same as HEVC Main 10 with HLG colour (a recent iPhone's default).
    case hevc = "hevc10-hlg-1080p30"
    /// The H.264 input at 60 fps.
    case h264At60 = "h264-1080p60"
    /// The H.264 input looped to 5 minutes (stream copy): memory must not grow with the input.
    case h264Long = "h264-1080p30-5min"
    /// A phone selfie: a real portrait moving over a noisy, detailed background, H.264 (see
    /// `FaceInput`), for the face-weighting rows.
    case h264Face = "h264-face-1080p30"
    /// The same as HEVC Main 10 with HLG colour.
    case hevcFace = "hevc10-hlg-face-1080p30"

    var hasFace: Bool { self == .h264Face || self == .hevcFace }

    func generate(in dir: String, seconds: Int, log: (String) -> Void) throws -> String {
        if self == .h264Long {
            let short = try BenchInput.h264.generate(in: dir, seconds: seconds, log: log)
            let path = dir + "/\(rawValue).mp4"
            if FileManager.default.fileExists(atPath: path) { return path }
            log("generating \(path)")
            let loops = max(0, 300 / max(1, seconds) - 1)
            let script = #"ffmpeg -hide_banner -loglevel error -y -stream_loop "$2" -i "$1" -c copy "$3""#
            let run = try ProcessRunner.run("/bin/sh", ["-c", script, "sh", short, String(loops), path])
            guard run.exitStatus == 0 else { throw ValidationError("could not generate \(path)") }
            return path
        }
        let path = dir + "/\(rawValue)-\(seconds)s.mp4"
        if FileManager.default.fileExists(atPath: path) { return path }
        log("generating \(path)")
        let fps = self == .h264At60 ? 60 : 30
        // Temporal noise stands in for sensor noise: it makes the encoder reach a phone's bit
        // rate and the decoder work as hard as on a real recording.
        var video = "testsrc2=size=1920x1080:rate=\(fps),noise=alls=14:allf=t"
        if hasFace { video = try FaceInput.graph() }
        // Phones write a keyframe about every second; the face inputs do too (x264's own
        // default, one every 250 frames, is kept for the others).
        let keyframes = hasFace ? " -g 30" : ""
        let codec: String
        if self == .hevc || self == .hevcFace {
            codec = #"-c:v libx265 -preset ultrafast -x265-params log-level=error -b:v 16M -pix_fmt yuv420p10le -color_primaries bt2020 -color_trc arib-std-b67 -colorspace bt2020nc -tag:v hvc1"#
        } else {
            codec = #"-c:v libx264 -preset superfast -profile:v high -b:v 16M -maxrate 16M -bufsize 32M -pix_fmt yuv420p"#
        }
        // The rotate tag on a stream-copy remux writes the display matrix without touching pixels.
        let script = #"ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$1" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" "# + codec + keyframes
            + #" -c:a aac -b:a 128k "$3.plain.mp4" && ffmpeg -hide_banner -loglevel error -y -i "$3.plain.mp4" -c copy -metadata:s:v:0 rotate=270 "$3" && rm "$3.plain.mp4""#
        let run = try ProcessRunner.run("/bin/sh", ["-c", script, "sh", video, String(seconds), path])
        guard run.exitStatus == 0 else { throw ValidationError("could not generate \(path)") }
        return path
    }
}
