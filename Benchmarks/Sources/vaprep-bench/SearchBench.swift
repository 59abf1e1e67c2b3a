import ArgumentParser
import Foundation
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// `vaprep-bench search`: the window search alone, in process, on the `prepare` inputs.
///
/// Each round runs the same job twice on one clip: `ClipJob` with no step (open and plan) and
/// with only `.searchWindow` (open, search, plan); the search's cost is the difference of the
/// medians. Rounds alternate the two so both meet the same machine load. The digest of the
/// search's JSON shows whether a change to the search left its result (start, samples, faces)
/// the same. Two parts of the search are also timed on their own, on one open of the clip:
/// reading and decoding its keyframes at analysis size (`MediaSource.keyframes(near:)`), and
/// the face detection of those pictures (`PreCheck.analyse`, one after the other); the
/// keyframes' CPU time too (the whole process's, so the decodes' on every core).
struct SearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "The window search's wall time alone (open+search+plan minus open+plan), in process."
    )

    @OptionGroup var options: BenchOptions

    @Argument(help: "Clips to search (e.g. the prepare inputs in --work-directory).")
    var clips: [String]

    func run() async throws {
        var report = BenchReport(title: "search: open+search+plan and open+plan, default profile, "
            + "\(options.repetitions) alternating rounds after \(options.warmup) warm-up")
        for clip in clips {
            var searched: [Double] = [], opened: [Double] = [], decodes: [Double] = [], decodeCPU: [Double] = [], detections: [Double] = []
            let source = try await MediaSource.open(path: clip)
            let times = FrameSampler.evenlySpacedTimes(count: WindowSearch.sampleCount, duration: source.info.durationSeconds)
            let check = try PreCheck()
            var keyframes = 0
            var digest = ""
            for round in 0..<(options.warmup + options.repetitions) {
                var start = monotonicSeconds()
                let result = try await ClipJob(path: clip, steps: .searchWindow).run()
                let s = monotonicSeconds() - start
                start = monotonicSeconds()
                _ = try await ClipJob(path: clip, steps: []).run()
                let o = monotonicSeconds() - start
                guard let search = result.search else { throw ValidationError("\(clip): no search ran") }
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let json = try encoder.encode(search)
                digest = String(json.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)  // FNV-1a
                start = monotonicSeconds()
                let cpu = processCPUSeconds()
                let frames = try await source.keyframes(near: times)
                let d = monotonicSeconds() - start
                let dc = processCPUSeconds() - cpu
                start = monotonicSeconds()
                for frame in frames {
                    blackHole(check.analyse(GrayImage(width: frame.width, height: frame.height, pixels: frame.luma), time: frame.time))
                }
                let f = monotonicSeconds() - start
                keyframes = frames.count
                if round >= options.warmup { searched.append(s); opened.append(o); decodes.append(d); decodeCPU.append(dc); detections.append(f) }
            }
            let name = URL(fileURLWithPath: clip).lastPathComponent + " \(keyframes) keyframes, search " + digest
            let s = Stats(samples: searched), o = Stats(samples: opened)
            report.addTime(case: name, impl: "open+search+plan", stats: s)
            report.addTime(case: name, impl: "open+plan", stats: o)
            report.addTime(case: name, impl: "keyframes(near:)", stats: Stats(samples: decodes))
            report.addTime(case: name, impl: "keyframes(near:) CPU", stats: Stats(samples: decodeCPU))
            report.addTime(case: name, impl: "detection, one thread", stats: Stats(samples: detections))
            report.add(case: name, impl: "search", metric: "ms median difference", value: (s.median - o.median) * 1000, unit: "ms")
        }
        report.print(json: options.json)
    }
}

/// CPU seconds of the whole process so far (every thread).
private func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
