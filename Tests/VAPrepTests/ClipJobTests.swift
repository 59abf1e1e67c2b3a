import Foundation
import Testing
import VAPrepTestSupport
@_spi(Testing) import VAPrepMedia
import VAPrep
import VAPrepCheck

/// The one pipeline: one open per job, one window decided by the plan's rule and used by the
/// search, the analysis and the transcode alike.
@Suite("ClipJob: one open, one window", .serialized)
struct ClipJobTests {
    /// A private name for a shared fixture (a hard link), so open counts are this test's own.
    static func privateCopy(of path: String) throws -> String {
        let copy = NSTemporaryDirectory() + "/vaprep-clipjob-\(UUID().uuidString)." + (path as NSString).pathExtension
        try FileManager.default.linkItem(atPath: path, toPath: copy)
        return copy
    }

    @Test("a 40 s rigid replay fails noMotion under every built-in profile, judged inside the window sent",
          arguments: Profile.builtIn)
    func longReplayFailsEverywhere(profile: Profile) async throws {
        let path = try await PrepareFixtures.shared.clip(.replay40s)
        let report = try await ClipReport.make(path: path, profile: profile)
        let plan = report.prepared.plan
        let expected = min(40, WindowRule.length(clipSeconds: report.source.durationSeconds, profile: profile, requested: nil))
        #expect(abs(plan.windowDuration - expected) < 0.05, "\(profile.name): window \(plan.windowDuration) s")
        // Every judged frame lies in the window the plan sends …
        #expect(report.preCheck.frames.count == (1 + PreCheck.pairGaps.count) * PreCheck.standardPairCount, "\(profile.name)")
        #expect(report.preCheck.frames.allSatisfy {
            $0.time >= plan.windowStart - 0.05 && $0.time <= plan.windowStart + plan.windowDuration + 0.05
        }, "\(profile.name): \(report.preCheck.frames.map(\.time)) vs \(plan.windowStart)+\(plan.windowDuration)")
        // … so the motion check has its pairs, and a photo moved rigidly fails.
        #expect(report.preCheck.frames.compactMap(\.motion).count >= PreCheckThresholds.standard.minMotionPairs, "\(profile.name)")
        #expect(report.preCheck.verdict == .fail, "\(profile.name): \(report.preCheck.reasons.map(\.code))")
        #expect(report.preCheck.reasons.contains { $0.code == .noMotion && $0.severity == .fail }, "\(profile.name)")
    }

    @Test("vaprep check judges the window vaprep FILE judges, on the same frames")
    func checkAgreesWithReport() async throws {
        let path = try await PrepareFixtures.shared.clip(.replay40s)
        let report = try await ClipReport.make(path: path, profile: .huawei)
        let check = try await PreCheckPipeline.run(path: path, profile: .huawei)
        #expect(check.frames.map(\.time) == report.preCheck.frames.map(\.time))
        #expect(check.frames.map(\.faces) == report.preCheck.frames.map(\.faces))
        #expect(check.verdict == report.preCheck.verdict)
    }

    @Test("one open per job, whatever its steps", arguments: [
        ClipJob.Step.all, [.searchWindow, .preCheck], [.encode], [.searchWindow, .encode],
    ])
    func oneOpenPerJob(steps: ClipJob.Step) async throws {
        let path = try Self.privateCopy(of: try await PrepareFixtures.shared.clip(.replay40s))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ClipJob(path: path, profile: .huawei, steps: steps).run()
        #expect(MediaOpenCounter.opens(of: path) == 1)
        // The search ran (a 40 s clip, a 15 s window) where asked, on keyframes.
        #expect((result.search != nil) == steps.contains(.searchWindow))
        #expect(result.search?.keyframesOnly ?? true)
    }

    @Test("a pass-through job opens the clip once too, and judges the original's frames")
    func passThroughOneOpen() async throws {
        let path = try Self.privateCopy(of: try await PrepareFixtures.shared.clip(.compliant))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ClipJob(path: path).run()
        #expect(result.prepared?.passThrough == true)
        #expect(result.preCheck?.frames.count == (1 + PreCheck.pairGaps.count) * PreCheck.standardPairCount)
        #expect(MediaOpenCounter.opens(of: path) == 1)
    }

    @Test("a job on bytes in memory judges and sends what the same job on the file does, opening no file")
    func memoryInputMatchesFile() async throws {
        let path = try Self.privateCopy(of: try await PrepareFixtures.shared.clip(.compliant))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var keep = Profile.default
        keep.keepMetadata = true   // a pass-through that sends the original bytes: from memory, the bytes given
        let fromMemory = try await ClipJob(input: .memory(bytes: bytes), profile: keep).run()
        #expect(MediaOpenCounter.opens(of: path) == 0)
        let fromFile = try await ClipJob(path: path, profile: keep).run()
        #expect(fromMemory.prepared?.passThrough == true)
        let sameBytes = fromMemory.prepared?.mp4 == bytes   // one Bool: a failing diff of 100 kB arrays takes minutes
        #expect(sameBytes)
        #expect(fromMemory.plan.windowStart == fromFile.plan.windowStart && fromMemory.plan.windowDuration == fromFile.plan.windowDuration)
        #expect(fromMemory.preCheck?.frames.map(\.time) == fromFile.preCheck?.frames.map(\.time))
        #expect(fromMemory.preCheck?.frames.map(\.faces) == fromFile.preCheck?.frames.map(\.faces))
        #expect(fromMemory.preCheck?.verdict == fromFile.preCheck?.verdict)
        let checked = try await PreCheckPipeline.run(bytes: bytes)
        #expect(checked.verdict == fromFile.preCheck?.verdict)
    }

    @Test("bytes in memory that are not a video give the media layer's typed error")
    func memoryInputErrors() async throws {
        await #expect(throws: MediaError.self) { try await ClipJob(input: .memory(bytes: Array("not a video".utf8))).run() }
        await #expect(throws: MediaError.self) { try await PreCheckPipeline.run(bytes: []) }
    }

    @Test("the search returns per-sample faces, and the samples inside the window")
    func searchFaces() async throws {
        let path = try await PrepareFixtures.shared.clip(.replay40s)
        let result = try await ClipJob(path: path, profile: .baidu, steps: [.searchWindow]).run()
        let search = try #require(result.search)
        // Twelve times over 40 s, a keyframe every 4 s: ten distinct keyframes, each once.
        #expect(search.keyframesOnly)
        #expect(search.samples.count == 10)
        #expect(Set(search.samples.map(\.time)).count == search.samples.count)
        #expect(search.samples.allSatisfy { !$0.faces.isEmpty })
        #expect(search.start == result.plan.windowStart)
        #expect(!search.samplesInWindow.isEmpty)
        #expect(search.samplesInWindow.allSatisfy { $0.time >= search.start && $0.time <= search.start + 15 + 1e-6 })
    }

    @Test("a clip with one keyframe is searched frame-accurately")
    func oneKeyframeClip() async throws {
        // 12 s with a single keyframe at the start: nothing to choose from on keyframes.
        let path = NSTemporaryDirectory() + "/vaprep-clipjob-gop-\(UUID().uuidString).mp4"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Tool.ffmpeg.runSucceeding(["-f", "lavfi", "-i",
                                    "testsrc2=size=320x240:rate=30", "-t", "12", "-c:v", "libx264", "-preset", "ultrafast",
                                    "-g", "1000", "-pix_fmt", "yuv420p", path])
        let result = try await ClipJob(path: path, steps: [.searchWindow]).run()
        let search = try #require(result.search)
        #expect(!search.keyframesOnly)
        #expect(search.samples.count == WindowSearch.sampleCount)
    }

    @Test("the pre-check takes each limit the profile states, and only those")
    func thresholdsFromProfile() {
        let huawei = Plan.preCheckThresholds(for: .huawei)
        #expect(huawei.minDuration == 1 && huawei.maxDuration == 15 && huawei.minFps == 10 && huawei.maxFps == 30)
        let baidu = Plan.preCheckThresholds(for: .baidu)
        #expect(baidu.minDuration == 5 && baidu.maxDuration == 15 && baidu.maxFps == nil)
        // Only a maximum frame rate: the standard minimum stays (not 0 from a half-open range).
        let capOnly = Plan.preCheckThresholds(for: Profile(name: "cap", fpsRange: ValueRange(max: 25)))
        #expect(capOnly.minFps == PreCheckThresholds.standard.minFps && capOnly.maxFps == 25)
        // A vendor minimum below the pre-check's own does not loosen it; above, it tightens it.
        let low = Plan.preCheckThresholds(for: Profile(name: "low", durationRange: ValueRange(min: 0.5), fpsRange: ValueRange(min: 5)))
        #expect(low.minDuration == 1 && low.minFps == 10)
        let high = Plan.preCheckThresholds(for: Profile(name: "high", fpsRange: ValueRange(min: 24)))
        #expect(high.minFps == 24 && high.maxFps == nil)
        #expect(Plan.preCheckThresholds(for: .juheVideoAuth) == .standard)
    }

    @Test("a cancelled job throws CancellationError")
    func cancellation() async throws {
        let path = try await PrepareFixtures.shared.clip(.long)
        let task = Task { try await ClipJob(path: path, profile: Profile(name: "whole", maxValueBytes: 50_000_000)).run() }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
