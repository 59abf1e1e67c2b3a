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
/// SSIM compares each output with the same source window, autorotated and scaled the same way.
struct PrepareBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Compare `vaprep prepare` with the ffmpeg command line: wall time, peak RSS, payload bytes, SSIM."
    )

    @Option(help: "Path of the release-built vaprep binary.")
    var vaprep: String = PrepareBench.defaultVAPrepPath()

    @Option(help: "Runs per implementation and case (at least 5 for a median worth reading).")
    var runs = 5

    @Option(help: "Seconds of generated input.")
    var inputSeconds = 30

    @Option(help: "Cases to run (comma-separated): h264-1080p30, hevc10-hlg-1080p30, h264-1080p60.")
    var cases = "h264-1080p30,hevc10-hlg-1080p30,h264-1080p60"

    @Option(help: "Where to generate inputs (kept between runs when given; a fresh temp dir otherwise).")
    var workDirectory: String?

    @Flag(help: "One JSON object per line instead of the table.")
    var json = false

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: vaprep) else {
            throw ValidationError("no vaprep binary at \(vaprep); build it with `swift build -c release` or pass --vaprep")
        }
        let dir = workDirectory ?? (NSTemporaryDirectory() + "/vaprep-bench-prepare-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workDirectory == nil { try? FileManager.default.removeItem(atPath: dir) } }

        var lines: [BenchLine] = []
        for name in cases.split(separator: ",").map(String.init) {
            guard let input = BenchInput(rawValue: name) else { throw ValidationError("unknown case \(name)") }
            let source = try input.generate(in: dir, seconds: inputSeconds, log: log)
            lines += try compare(input: input, source: source, dir: dir)
        }
        if json {
            for line in lines { print(line.jsonLine) }
        } else {
            print(BenchLine.table(lines))
        }
    }

    private func log(_ text: String) {
        FileHandle.standardError.write(Data(("[prepare-bench] " + text + "\n").utf8))
    }

    private func compare(input: BenchInput, source: String, dir: String) throws -> [BenchLine] {
        let ours = dir + "/\(input.rawValue).vaprep"
        let theirs = dir + "/\(input.rawValue).ffmpeg"
        // One untimed run of ours gives the plan (output size, VBV cap) the ffmpeg recipe copies.
        _ = try ChildRun.shell(#""$1" prepare "$2" -o "$3.mp4" --payload "$3.txt" --json > "$3.json""#, [vaprep, source, ours])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ours + ".json"))) as? [String: Any]
        guard let plan = report?["plan"] as? [String: Any], let settings = plan["transcode"] as? [String: Any],
              let width = settings["outputWidth"] as? Int, let height = settings["outputHeight"] as? Int
        else { throw ValidationError("vaprep did not transcode \(source); the comparison needs a transcode plan") }
        let maxRate = (settings["maxRateBitsPerSecond"] as? Int) ?? 0
        let window = (plan["windowDuration"] as? Double) ?? 5
        let ffmpegScript = #"ffmpeg -hide_banner -loglevel error -y -ss 0 -t "$2" -i "$1" -vf scale="$3":"$4" -c:v libx264 -preset veryfast -crf 23 -maxrate "$5" -bufsize "$5" -pix_fmt yuv420p -an -movflags +faststart "$6.mp4" && base64 -w0 "$6.mp4" > "$6.txt""#
        let ffmpegArgs = [source, String(window), String(width), String(height), String(maxRate), theirs]
        let oursScript = #""$1" prepare "$2" --payload "$3.txt" > /dev/null"#

        var oursRuns: [ChildRun] = [], theirRuns: [ChildRun] = []
        for i in 0..<max(1, runs) {
            // Alternate who goes first so neither always meets a warm or a cold cache.
            if i % 2 == 0 {
                oursRuns.append(try ChildRun.shell(oursScript, [vaprep, source, ours]))
                theirRuns.append(try ChildRun.shell(ffmpegScript, ffmpegArgs))
            } else {
                theirRuns.append(try ChildRun.shell(ffmpegScript, ffmpegArgs))
                oursRuns.append(try ChildRun.shell(oursScript, [vaprep, source, ours]))
            }
            log("\(input.rawValue) run \(i + 1): vaprep \(fmt(oursRuns.last!.seconds)) s, ffmpeg \(fmt(theirRuns.last!.seconds)) s")
        }
        let ssimOurs = try Self.ssim(output: ours + ".mp4", source: source, window: window, width: width, height: height)
        let ssimTheirs = try Self.ssim(output: theirs + ".mp4", source: source, window: window, width: width, height: height)
        let payloadOurs = Self.fileSize(ours + ".txt"), payloadTheirs = Self.fileSize(theirs + ".txt")

        var lines: [BenchLine] = []
        func add(_ impl: String, _ runs: [ChildRun], payload: Int, ssim: Double) {
            let times = runs.map(\.seconds).sorted()
            lines.append(BenchLine(input.rawValue, impl, "wall_median", Stats.median(times), "s"))
            lines.append(BenchLine(input.rawValue, impl, "wall_min", times.first ?? 0, "s"))
            lines.append(BenchLine(input.rawValue, impl, "wall_max", times.last ?? 0, "s"))
            lines.append(BenchLine(input.rawValue, impl, "rss_peak", Double(runs.map(\.maxRSSKiB).max() ?? 0) / 1024, "MiB"))
            lines.append(BenchLine(input.rawValue, impl, "payload", Double(payload), "bytes"))
            lines.append(BenchLine(input.rawValue, impl, "ssim", ssim, "ssim"))
        }
        add("vaprep", oursRuns, payload: payloadOurs, ssim: ssimOurs)
        add("ffmpeg", theirRuns, payload: payloadTheirs, ssim: ssimTheirs)
        let wallRatio = Stats.median(oursRuns.map(\.seconds)) / Stats.median(theirRuns.map(\.seconds))
        let rssRatio = Double(oursRuns.map(\.maxRSSKiB).max() ?? 0) / Double(max(1, theirRuns.map(\.maxRSSKiB).max() ?? 1))
        lines.append(BenchLine(input.rawValue, "ratio", "wall_median", wallRatio, "x"))
        lines.append(BenchLine(input.rawValue, "ratio", "rss_peak", rssRatio, "x"))
        lines.append(BenchLine(input.rawValue, "ratio", "payload", Double(payloadOurs) / Double(max(1, payloadTheirs)), "x"))
        lines.append(BenchLine(input.rawValue, "ratio", "ssim_delta", ssimOurs - ssimTheirs, "ssim"))
        return lines
    }

    /// Mean SSIM (luma+chroma, ffmpeg's "All") of `output` against the same window of `source`,
    /// autorotated and scaled to the output size.
    static func ssim(output: String, source: String, window: Double, width: Int, height: Int) throws -> Double {
        let log = output + ".ssim.txt"
        let script = #"ffmpeg -hide_banner -nostats -i "$1" -t "$3" -i "$2" -lavfi "[1:v]scale=$4:$5:flags=bicubic,format=yuv420p[ref];[0:v]format=yuv420p[out];[out][ref]ssim" -f null - 2> "$6""#
        let run = try ChildRun.shell(script, [output, source, String(window), String(width), String(height), log])
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard run.status == 0, let range = text.range(of: "All:") else { throw ValidationError("ssim failed for \(output): \(text.suffix(300))") }
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

/// The issue's three inputs, made with the ffmpeg command line at benchmark time.
fileprivate enum BenchInput: String {
    /// 1920×1080 30 fps H.264 High ~16 Mbit/s + AAC, −90° display matrix (a phone held upright).
    case h264 = "h264-1080p30"
    /// The same as HEVC Main 10 with HLG colour (a recent iPhone's default).
    case hevc = "hevc10-hlg-1080p30"
    /// The H.264 input at 60 fps.
    case h264At60 = "h264-1080p60"

    func generate(in dir: String, seconds: Int, log: (String) -> Void) throws -> String {
        let path = dir + "/\(rawValue)-\(seconds)s.mp4"
        if FileManager.default.fileExists(atPath: path) { return path }
        log("generating \(path)")
        let fps = self == .h264At60 ? 60 : 30
        // Temporal noise stands in for sensor noise: it makes the encoder reach a phone's bit
        // rate and the decoder work as hard as on a real recording.
        let video = "testsrc2=size=1920x1080:rate=\(fps),noise=alls=14:allf=t"
        let codec: String
        if self == .hevc {
            codec = #"-c:v libx265 -preset ultrafast -x265-params log-level=error -b:v 16M -pix_fmt yuv420p10le -color_primaries bt2020 -color_trc arib-std-b67 -colorspace bt2020nc -tag:v hvc1"#
        } else {
            codec = #"-c:v libx264 -preset superfast -profile:v high -b:v 16M -maxrate 16M -bufsize 32M -pix_fmt yuv420p"#
        }
        // The rotate tag on a stream-copy remux writes the display matrix without touching pixels.
        let script = #"ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$1" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" "# + codec
            + #" -c:a aac -b:a 128k "$3.plain.mp4" && ffmpeg -hide_banner -loglevel error -y -i "$3.plain.mp4" -c copy -metadata:s:v:0 rotate=270 "$3" && rm "$3.plain.mp4""#
        let run = try ChildRun.shell(script, [video, String(seconds), path])
        guard run.status == 0 else { throw ValidationError("could not generate \(path)") }
        return path
    }
}

// MARK: - Child processes

/// One child process: its wall time, exit status and peak RSS (from `wait4`).
fileprivate struct ChildRun {
    var seconds: Double
    var status: Int32
    var maxRSSKiB: Int

    /// Runs `/bin/sh -c script sh args…` (arguments as `$1`…, so nothing needs quoting).
    static func shell(_ script: String, _ args: [String]) throws -> ChildRun {
        let argv = ["/bin/sh", "-c", script, "sh"] + args
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, environ)
        guard spawned == 0 else { throw ValidationError("posix_spawn failed: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw ValidationError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Linux reports ru_maxrss in KiB; the child's figure covers the children it waited for.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(seconds: elapsed, status: exitStatus, maxRSSKiB: Int(usage.ru_maxrss))
    }
}

// MARK: - Output

fileprivate enum Stats {
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// One measured value: a JSON line `{"case","impl","metric","value","unit"}` or a table cell.
fileprivate struct BenchLine {
    var caseName: String, impl: String, metric: String, value: Double, unit: String

    init(_ caseName: String, _ impl: String, _ metric: String, _ value: Double, _ unit: String) {
        self.caseName = caseName
        self.impl = impl
        self.metric = metric
        self.value = value
        self.unit = unit
    }

    var jsonLine: String {
        let object: [String: Any] = ["case": caseName, "impl": impl, "metric": metric, "value": value, "unit": unit]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A Markdown table: one row per case and implementation, ratio rows last.
    static func table(_ lines: [BenchLine]) -> String {
        var out = "| case | impl | wall median (s) | spread (s) | peak RSS (MiB) | payload (bytes) | SSIM |\n|---|---|---|---|---|---|---|\n"
        var keys: [(String, String)] = []
        for line in lines where !keys.contains(where: { $0 == (line.caseName, line.impl) }) { keys.append((line.caseName, line.impl)) }
        for (caseName, impl) in keys {
            func value(_ metric: String) -> Double? {
                lines.first { $0.caseName == caseName && $0.impl == impl && $0.metric == metric }?.value
            }
            if impl == "ratio" {
                out += "| \(caseName) | vaprep ÷ ffmpeg | \(String(format: "%.2f×", value("wall_median") ?? 0)) | | "
                    + "\(String(format: "%.2f×", value("rss_peak") ?? 0)) | \(String(format: "%.2f×", value("payload") ?? 0)) | "
                    + "\(String(format: "%+.4f", value("ssim_delta") ?? 0)) |\n"
                continue
            }
            out += "| \(caseName) | \(impl) | \(String(format: "%.2f", value("wall_median") ?? 0)) | "
                + "\(String(format: "%.2f–%.2f", value("wall_min") ?? 0, value("wall_max") ?? 0)) | "
                + "\(String(format: "%.0f", value("rss_peak") ?? 0)) | \(Int(value("payload") ?? 0)) | "
                + "\(String(format: "%.4f", value("ssim") ?? 0)) |\n"
        }
        return out
    }
}
