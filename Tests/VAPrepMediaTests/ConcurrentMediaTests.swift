import VAPrepTestSupport
import Foundation
import Testing
@testable import VAPrepMedia

/// Probe and sampling run off Swift's cooperative pool (BlockingWork): many at once in one
/// process give the serial results, leak no file descriptor, and leave the pool free.
@Suite("Concurrent probes and samples")
struct ConcurrentMediaTests {
    static let clips = ["live.mp4", "rotated.mp4", "hevc-hlg.mov", "megamind.avi",
                        "black.mp4", "noface.mp4", "replay.mp4", "bright.mp4"].map(TestData.path)

    struct Result: Equatable { let info: MediaInfo; let frames: [AnalysisFrame] }

    static func work(_ path: String) async throws -> Result {
        let info = try await MediaProbe.probe(path: path)
        let frames = try await FrameSampler.sampleFrames(path: path, count: 4, rgb: true)
        return Result(info: info, frames: frames)
    }

    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    @Test("8 concurrent probe + sample runs equal the serial runs and leak no file descriptor")
    func eightAtOnce() async throws {
        var serial: [Result] = []
        for clip in Self.clips { serial.append(try await Self.work(clip)) }
        let before = Self.openDescriptors()
        let concurrent = try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            for (index, clip) in Self.clips.enumerated() { group.addTask { (index, try await Self.work(clip)) } }
            var results = [Result?](repeating: nil, count: Self.clips.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
        #expect(concurrent == serial)
        // Not `==`: with parallel tests another test may close a descriptor meanwhile; a leak adds.
        #expect(Self.openDescriptors() <= before)
    }

    @Test("the cooperative pool stays free while probes block: a plain task runs meanwhile")
    func poolStaysFree() async throws {
        // More blocking calls than cores; if they held the cooperative threads, the timer
        // task below could not run until they all finished.
        let started = Date()
        async let probes: [MediaInfo] = withThrowingTaskGroup(of: MediaInfo.self) { group in
            for _ in 0..<(4 * ProcessInfo.processInfo.activeProcessorCount) {
                group.addTask { _ = try await FrameSampler.sampleFrames(path: Self.clips[0], count: 8)
                    return try await MediaProbe.probe(path: Self.clips[0]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let ticked = await Task { Date().timeIntervalSince(started) }.value
        let all = try await probes
        let finished = Date().timeIntervalSince(started)
        #expect(all.count == 4 * ProcessInfo.processInfo.activeProcessorCount)
        #expect(ticked < finished / 2, "a plain task waited \(ticked) s of \(finished) s")
    }

    @Test("cancelling a task stops its sampling off the pool with MediaError.cancelled")
    func cancellation() async throws {
        let task = Task { try await FrameSampler.sampleFrames(path: Self.clips[0], count: 150) }
        try await Task.sleep(for: .milliseconds(30))
        task.cancel()
        do {
            _ = try await task.value
            // A fast machine may finish first; that is not a failure of cancellation.
        } catch let error as MediaError {
            #expect(error == .cancelled)
        }
    }
}
