import Foundation
import Testing
import VAPrepTestSupport
import VAPrep
import VAPrepCheck

/// Many jobs in one process (a server preparing uploads): the same answers as one at a time,
/// memory bounded by the number of jobs, no descriptor left open.
///
/// Reads `/proc/self` (Linux) and resets the peak-RSS mark, so it runs only there, and with
/// the other suites not running beside it (`swift test --no-parallel`).
@Suite("ClipJob: concurrent jobs", .serialized, .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/clear_refs")))
struct ClipJobConcurrencyTests {
    static let jobs = 8

    @Test("8 concurrent jobs give the serial results, bounded peak RSS and no descriptor leak")
    func concurrentMatchesSerial() async throws {
        let path = try await PrepareFixtures.shared.clip(.replay40s)
        let job = ClipJob(path: path, profile: .huawei)
        _ = try await job.run()   // warm: detector tables, codec init, thread pools

        let descriptors = Self.openDescriptors()
        let baseline = Self.resetPeakRSS()
        let serial = try await job.run()
        let serialPeak = Self.peakRSS() - baseline

        _ = Self.resetPeakRSS()
        let concurrent = try await withThrowingTaskGroup(of: ClipJobResult.self) { group in
            for _ in 0..<Self.jobs { group.addTask { try await job.run() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let concurrentPeak = Self.peakRSS() - baseline

        #expect(concurrent.count == Self.jobs)
        for result in concurrent {
            #expect(result.plan == serial.plan)
            #expect(result.search?.samples == serial.search?.samples)
            // Same window, same settings, same frames in: the payload's size agrees closely. Its
            // bytes need not: with a VBV cap and more than one frame thread, x264 plans each
            // frame's QP from the size estimates of the frames other threads are still encoding
            // (`update_vbv_plan` in its ratecontrol.c), so the output depends on how far those
            // threads got, i.e. on timing and load. Reproduced with the ffmpeg command line
            // (`-threads 2 -maxrate 1500k -bufsize 1500k`, 6 runs under load: 6 MD5s; the same
            // with `-threads 1`, or without the cap: 1 MD5; `sliced-threads=1` with the cap: 4 MD5s).
            let bytes = try #require(result.prepared?.mp4), serialBytes = try #require(serial.prepared?.mp4)
            #expect(abs(Double(bytes.count) / Double(serialBytes.count) - 1) < 0.02)
            // Compared as one Bool: on a mismatch, Swift Testing would otherwise diff the two
            // ~100 kB arrays element by element (minutes of CPU in a debug build).
            let identical = bytes == serialBytes
            withKnownIssue("x264 with a VBV cap and frame threads is timing-dependent", isIntermittent: true) {
                #expect(identical, "the payload differs from the serial run's (\(bytes.count) vs \(serialBytes.count) bytes)")
            }
            #expect(result.prepared?.analysisFrames == serial.prepared?.analysisFrames)
            #expect(result.preCheck?.frames == serial.preCheck?.frames)
            #expect(result.preCheck?.reasons == serial.preCheck?.reasons)
        }
        // Each job holds its own decoder, encoder and payload; nothing else may grow with the
        // number of jobs (64 MiB of slack for thread stacks and malloc arenas). A warm serial run
        // reuses memory the warm-up freed, so its peak rise understates one job's working set:
        // at least 24 MiB a job is counted (a 360x640 decode, x264's lookahead and the MP4;
        // 8 jobs measured a 130 MiB rise here).
        let bound = Self.jobs * max(serialPeak, 24 << 20) + (64 << 20)
        #expect(concurrentPeak <= bound, "peak +\(concurrentPeak >> 20) MiB for \(Self.jobs) jobs; one job +\(serialPeak >> 20) MiB")
        #expect(Self.openDescriptors() == descriptors)
    }

    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Resets the kernel's peak-RSS mark (`VmHWM`) to the current RSS and returns it.
    static func resetPeakRSS() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return peakRSS()
    }

    /// `VmHWM` of this process in bytes.
    static func peakRSS() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kB * 1024
    }
}
