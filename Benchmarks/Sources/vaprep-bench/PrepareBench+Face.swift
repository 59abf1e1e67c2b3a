import ArgumentParser
import Foundation

/// The face inputs: `astronaut.png` (a public-domain NASA portrait), head and shoulders, moving
/// slowly over `testsrc2` (bars, text and moving shapes) with temporal noise, 1080×1920 as
/// displayed, stored 1920×1080 with a −90° display matrix like a phone held upright.
enum FaceInput {
    /// The portrait: `VAPREP_BENCH_PORTRAIT`, else `/work/shared/media/astronaut.png`.
    static var portrait: String {
        ProcessInfo.processInfo.environment["VAPREP_BENCH_PORTRAIT"] ?? "/work/shared/media/astronaut.png"
    }

    /// Displayed size of the input.
    static let width = 1080, height = 1920

    /// The face's box in the portrait (512×512 astronaut.png: brow to chin, ear to ear, read off
    /// the picture), the crop of the portrait that is shown, and its scale.
    static let faceInPortrait = (x: 172, y: 72, width: 106, height: 118)
    static let crop = (x: 100, y: 10, width: 260, height: 290)
    static let scale = 4
    /// Where the crop is placed: `x0 + ax·sin(2πt/4)`, `y0 + ay·sin(2πt/3)` (displayed pixels).
    static let x0 = 20, ax = 30, y0 = 300, ay = 20

    /// The filter graph: displayed picture, then rotated to its stored orientation (the display
    /// matrix written by the remux turns it back).
    static func graph() throws -> String {
        guard FileManager.default.fileExists(atPath: portrait) else {
            throw ValidationError("no portrait at \(portrait); set VAPREP_BENCH_PORTRAIT")
        }
        return "testsrc2=size=\(width)x\(height):rate=30[bg];"
            + "movie=\(portrait),loop=-1:size=1,crop=\(crop.width):\(crop.height):\(crop.x):\(crop.y),"
            + "scale=\(crop.width * scale):\(crop.height * scale),setpts=N/30/TB[face];"
            + "[bg][face]overlay=x='\(x0)+\(ax)*sin(2*PI*t/4)':y='\(y0)+\(ay)*sin(2*PI*t/3)':shortest=1,"
            + "noise=alls=14:allf=t,transpose=cclock"
    }

    /// The area the face covers during the whole clip (its box at every position of the motion
    /// intersected), in displayed pixels: what the face-box SSIM and PSNR are measured on.
    static var faceCore: (x: Int, y: Int, width: Int, height: Int) {
        let left = x0 + (faceInPortrait.x - crop.x) * scale, top = y0 + (faceInPortrait.y - crop.y) * scale
        let w = faceInPortrait.width * scale, h = faceInPortrait.height * scale
        return (left + ax, top + ay, w - 2 * ax, h - 2 * ay)
    }

    /// ``faceCore`` in an output of `outputWidth`×`outputHeight` (even values, for `yuv420p`).
    static func faceCrop(outputWidth: Int, outputHeight: Int) -> String {
        let sx = Double(outputWidth) / Double(width), sy = Double(outputHeight) / Double(height)
        func even(_ v: Double) -> Int { Int(v / 2) * 2 }
        let c = faceCore
        return "crop=\(even(Double(c.width) * sx)):\(even(Double(c.height) * sy)):\(even(Double(c.x) * sx)):\(even(Double(c.y) * sy))"
    }
}

extension PrepareBench {
    /// Bit rates of the "time to delivered payload" rows (prep wall time + payload over the link).
    static let deliveryRates: [(label: String, bitsPerSecond: Double)] = [("5 Mbit/s", 5e6), ("20 Mbit/s", 20e6)]

    /// Face weighting on and off (`vaprep prepare`, its default window, with and without
    /// `--no-face-weighting`, and on at the plan's size with `--no-face-sizing`) against the
    /// ffmpeg recipe, in one run: wall and CPU time, payload
    /// bytes, face-box SSIM and PSNR, whole-frame SSIM, and time to delivered payload.
    func compareFaceWeighting(input: BenchInput, source: String, dir: String, into report: inout BenchReport) throws {
        let weighted = dir + "/\(input.rawValue).vaprep-weighted"
        let unweighted = dir + "/\(input.rawValue).vaprep-unweighted"
        let theirs = dir + "/\(input.rawValue).ffmpeg"
        // One untimed run gives the plan the recipe copies (size, VBV cap, window length).
        _ = try shell(#""$1" prepare "$2" --no-face-weighting --json > "$3.json""#, [vaprep, source, unweighted])
        let plan = try Self.plan(unweighted + ".json")
        let oursScript = #""$1" prepare "$2" $4 -o "$3.mp4" --payload "$3.txt" --json > "$3.json""#
        let ffmpegScript = #"ffmpeg -hide_banner -loglevel error -y -ss 0 -t "$2" -i "$1" -vf scale="$3":"$4" -c:v libx264 -preset veryfast -crf 23 -maxrate "$5" -bufsize "$5" -pix_fmt yuv420p -an -movflags +faststart "$6.mp4" && base64 -w0 "$6.mp4" > "$6.txt""#
        let recipeArgs = { (out: String) in [source, String(plan.window), String(plan.width), String(plan.height), String(plan.maxRate), out] }
        var contenders = [Contender(name: "vaprep-weighted", script: oursScript, args: [vaprep, source, weighted, ""], output: weighted),
                          Contender(name: "vaprep-weighted-fullsize", script: oursScript,
                                    args: [vaprep, source, weighted + "-fullsize", "--no-face-sizing"], output: weighted + "-fullsize"),
                          Contender(name: "vaprep-unweighted", script: oursScript,
                                    args: [vaprep, source, unweighted, "--no-face-weighting"], output: unweighted),
                          Contender(name: "ffmpeg", script: ffmpegScript, args: recipeArgs(theirs), output: theirs),
                          // The main job (`vaprep FILE`: the same prepare in memory, then the pre-check of its
                          // window): what the pre-check adds to a transcoding prepare. Exit 1 is a verdict.
                          Contender(name: "vaprep-main", script: #""$1" "$2" > /dev/null; s=$?; [ $s -eq 0 ] || [ $s -eq 1 ]"#,
                                    args: [vaprep, source], output: nil)]
        if input == .hevcFace {
            // As in `compare`: the recipe that tone-maps does the same job as vaprep on HLG.
            let toneMapped = dir + "/\(input.rawValue).ffmpeg-tonemap"
            let script = #"ffmpeg -hide_banner -loglevel error -y -ss 0 -t "$2" -i "$1" -vf scale="$3":"$4",zscale=t=linear:npl=203,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p -c:v libx264 -preset veryfast -crf 23 -maxrate "$5" -bufsize "$5" -pix_fmt yuv420p -an -movflags +faststart "$6.mp4" && base64 -w0 "$6.mp4" > "$6.txt""#
            contenders.append(Contender(name: "ffmpeg-tonemap", script: script, args: recipeArgs(toneMapped), output: toneMapped))
        }

        let cpuFile = dir + "/cpu.txt"
        for i in 0..<(options.warmup + options.repetitions) {
            var timed: [(run: ProcessRunner.Run, cpu: Double)?] = Array(repeating: nil, count: contenders.count)
            for k in 0..<contenders.count {
                let j = (i + k) % contenders.count
                timed[j] = try timedShell(contenders[j].script, contenders[j].args, cpuFile: cpuFile)
                if timed[j]!.run.exitStatus != 0 {
                    throw ValidationError("\(input.rawValue): a \(contenders[j].name) run failed (exit \(timed[j]!.run.exitStatus))")
                }
            }
            guard i >= options.warmup else { continue }
            for j in contenders.indices {
                contenders[j].runs.append(timed[j]!.run)
                contenders[j].cpu.append(timed[j]!.cpu)
            }
            log("\(input.rawValue) run \(i + 1 - options.warmup): " + zip(contenders, timed).map { c, t in
                "\(c.name) \(String(format: "%.2f", t!.run.wallSeconds)) s" }.joined(separator: ", "))
        }

        let name = input.rawValue
        var measured: [String: (wall: Double, payload: Int, face: Quality, whole: Double, delivered: [Double])] = [:]
        for c in contenders {
            guard let output = c.output else {
                report.add(case: name, impl: c.name, metric: "wall median", value: Stats(samples: c.runs.map(\.wallSeconds)).median, unit: "s")
                report.add(case: name, impl: c.name, metric: "spread", value: Stats(samples: c.runs.map(\.wallSeconds)).spreadPercent, unit: "%")
                report.add(case: name, impl: c.name, metric: "CPU median", value: Stats(samples: c.cpu).median, unit: "s")
                continue
            }
            // vaprep's window is its own choice (the face search); the recipe's starts at 0.
            let start = c.name.hasPrefix("vaprep") ? try Self.plan(output + ".json").start : 0
            let face = try Self.quality(output: output + ".mp4", source: source, start: start, window: plan.window,
                                        width: plan.width, height: plan.height,
                                        crop: FaceInput.faceCrop(outputWidth: plan.width, outputHeight: plan.height))
            let whole = try Self.quality(output: output + ".mp4", source: source, start: start, window: plan.window,
                                         width: plan.width, height: plan.height, crop: nil)
            let payload = Self.fileSize(output + ".txt")
            let wall = Stats(samples: c.runs.map(\.wallSeconds))
            let delivered = Self.deliveryRates.map { wall.median + Double(payload) * 8 / $0.bitsPerSecond }
            report.add(case: name, impl: c.name, metric: "wall median", value: wall.median, unit: "s")
            report.add(case: name, impl: c.name, metric: "spread", value: wall.spreadPercent, unit: "%")
            report.add(case: name, impl: c.name, metric: "CPU median", value: Stats(samples: c.cpu).median, unit: "s")
            report.add(case: name, impl: c.name, metric: "payload", value: Double(payload), unit: "bytes")
            report.add(case: name, impl: c.name, metric: "face SSIM", value: face.ssim, unit: "ssim")
            report.add(case: name, impl: c.name, metric: "face PSNR", value: face.psnr, unit: "dB")
            report.add(case: name, impl: c.name, metric: "SSIM", value: whole.ssim, unit: "ssim")
            for (rate, seconds) in zip(Self.deliveryRates, delivered) {
                report.add(case: name, impl: c.name, metric: "delivered at \(rate.label)", value: seconds, unit: "s")
            }
            measured[c.name] = (wall.median, payload, face, whole.ssim, delivered)
        }
        // The goals: payload ≤ 0.5× and face SSIM ≥ −0.002 against the unweighted encode, wall ≤ 1.05×
        // of it, and delivered at 5 Mbit/s ≤ 0.5× the recipe (on HLG, the one that tone-maps).
        guard let on = measured["vaprep-weighted"], let off = measured["vaprep-unweighted"],
              let recipe = measured[input == .hevcFace ? "ffmpeg-tonemap" : "ffmpeg"] else { return }
        report.addRatio(case: name, metric: "payload weighted/unweighted", value: Double(on.payload) / Double(max(1, off.payload)))
        report.add(case: name, impl: "ratio", metric: "face SSIM weighted-unweighted", value: on.face.ssim - off.face.ssim, unit: "ssim")
        report.add(case: name, impl: "ratio", metric: "face PSNR weighted-unweighted", value: on.face.psnr - off.face.psnr, unit: "dB")
        report.addRatio(case: name, metric: "wall median weighted/unweighted", value: on.wall / off.wall)
        if let main = contenders.first(where: { $0.name == "vaprep-main" }) {
            // The pre-check's share: what the main job takes beyond the prepare it contains.
            let mainWall = Stats(samples: main.runs.map(\.wallSeconds)).median
            report.add(case: name, impl: "ratio", metric: "pre-check share of the prepare (main - weighted)/weighted",
                       value: (mainWall - on.wall) / on.wall * 100, unit: "%")
        }
        for (index, rate) in Self.deliveryRates.enumerated() {
            report.addRatio(case: name, metric: "delivered at \(rate.label) weighted/recipe",
                            value: on.delivered[index] / recipe.delivered[index])
        }
    }

    struct Quality { var ssim: Double; var psnr: Double }

    /// The plan `vaprep prepare --json` wrote: output size, VBV cap, window.
    static func plan(_ path: String) throws -> (width: Int, height: Int, maxRate: Int, start: Double, window: Double) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        guard let plan = json?["plan"] as? [String: Any], let settings = plan["transcode"] as? [String: Any],
              let width = settings["outputWidth"] as? Int, let height = settings["outputHeight"] as? Int
        else { throw ValidationError("\(path): vaprep did not transcode; the comparison needs a transcode plan") }
        return (width, height, (settings["maxRateBitsPerSecond"] as? Int) ?? 0,
                (plan["windowStart"] as? Double) ?? 0, (plan["windowDuration"] as? Double) ?? 5)
    }

    /// Mean SSIM ("All") and PSNR ("average") of `output` against `start ..< start + window` of
    /// `source`, autorotated and scaled to `width`×`height` (the plan's size with weighting off),
    /// both cut by `crop` when given. An output the face made smaller is scaled back up
    /// (bicubic) to that size first: the metric then sees the detail the smaller picture lost,
    /// where shrinking the reference instead would hide it. Same-size outputs pass unscaled.
    static func quality(output: String, source: String, start: Double, window: Double, width: Int, height: Int,
                        crop: String?) throws -> Quality {
        let log = output + ".quality.txt"
        let cut = crop.map { $0 + "," } ?? ""
        let graph = "[1:v]scale=\(width):\(height):flags=bicubic,\(cut)format=yuv420p,split[r1][r2];"
            + "[0:v]scale=\(width):\(height):flags=bicubic,\(cut)format=yuv420p,split[o1][o2];[o1][r1]ssim;[o2][r2]psnr"
        let script = #"ffmpeg -hide_banner -nostats -i "$1" -ss "$3" -t "$4" -i "$2" -lavfi "$5" -f null - 2> "$6""#
        let run = try ProcessRunner.run("/bin/sh", ["-c", script, "sh", output, source, String(start), String(window), graph, log])
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        func number(after marker: String) -> Double? {
            guard let range = text.range(of: marker) else { return nil }
            return Double(text[range.upperBound...].prefix { "0123456789.".contains($0) })
        }
        guard run.exitStatus == 0, let ssim = number(after: "All:"), let psnr = number(after: "average:") else {
            throw ValidationError("quality failed for \(output): \(text.suffix(300))")
        }
        return Quality(ssim: ssim, psnr: psnr)
    }
}
