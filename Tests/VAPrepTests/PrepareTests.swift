import Foundation
import Testing
import VAPrepMedia
import VAPrepPayload
@testable import VAPrep
import VAPrepTestSupport

/// `Preparer` on real clips: real decode, real libx264 encode, every output probed back.
@Suite("Prepare on real clips")
struct PrepareTests {
    let fixtures = PrepareFixtures.shared

    /// What every transcoded output must be, whatever the source.
    func expectCompliantOutput(_ clip: PreparedClip, window: Double, fpsCap: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let v = clip.output.video
        let settings = try #require(clip.plan.transcode, sourceLocation: sourceLocation)
        #expect(!clip.passThrough, sourceLocation: sourceLocation)
        #expect(v.codec == "h264", sourceLocation: sourceLocation)
        #expect(v.profile != "High 10", sourceLocation: sourceLocation)
        #expect(v.pixelFormat == "yuv420p" && v.bitDepth == 8 && v.chromaSubsampling == "4:2:0", sourceLocation: sourceLocation)
        #expect(v.rotation == 0 && !v.flipped, sourceLocation: sourceLocation)
        #expect(v.displayWidth == settings.outputWidth && v.displayHeight == settings.outputHeight, sourceLocation: sourceLocation)
        #expect(clip.output.format.contains("mp4"), sourceLocation: sourceLocation)
        let fps = v.fps
        if let fpsCap { #expect(fps <= fpsCap + 0.01, sourceLocation: sourceLocation) }
        let frame = 1 / max(fps, 1)
        #expect(abs(clip.output.durationSeconds - window) <= frame + 0.001,
                "duration \(clip.output.durationSeconds) vs window \(window)", sourceLocation: sourceLocation)
        #expect(clip.mp4Bytes == clip.mp4.count, sourceLocation: sourceLocation)
        #expect(clip.payloadBytes == "base64:".utf8.count + Data(clip.mp4).base64EncodedString().utf8.count, sourceLocation: sourceLocation)
        if let budget = clip.budgetBytes, clip.plan.budget?.unit == .videoData {
            #expect(clip.payloadBytes <= budget, sourceLocation: sourceLocation)
        }
        // The output probed is the output returned: its size is the byte count.
        #expect(clip.output.sizeBytes == Int64(clip.mp4.count), sourceLocation: sourceLocation)
    }

    @Test("a compliant clip passes through with keepMetadata: the bytes returned are the file's bytes")
    func passThroughIsIdentical() async throws {
        let path = try await fixtures.clip(.compliant)
        var profile = Profile.default
        profile.keepMetadata = true   // the default strips metadata: see PassThroughStripTests
        let clip = try await Preparer.prepare(path: path, profile: profile)
        #expect(clip.passThrough)
        #expect(clip.attempts.isEmpty)
        #expect(clip.mp4 == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(clip.payloadBytes == clip.plan.passThroughPayloadBytes)
        #expect(clip.budgetBytes == 10_000_000)
    }

    @Test("a rotated 7 s phone clip becomes an upright 5 s H.264 window without audio")
    func rotatedIsTrimmedAndUpright() async throws {
        let path = try await fixtures.clip(.rotated)
        let clip = try await Preparer.prepare(path: path)
        #expect(Set(clip.plan.reasons.map(\.code)) == ["rotation", "duration"])
        try expectCompliantOutput(clip, window: 5)
        #expect(clip.output.video.displayWidth == 360 && clip.output.video.displayHeight == 640)
        #expect(clip.output.audio.isEmpty)
        #expect(clip.attempts.count == 1 && clip.attempts[0].withinBudget)
    }

    @Test("an explicit window is cut frame-accurately and audio is kept when asked")
    func explicitWindowWithAudio() async throws {
        let path = try await fixtures.clip(.rotated)
        let clip = try await Preparer.prepare(path: path, options: PrepareOptions(start: 1.5, duration: 2, keepAudio: true))
        #expect(clip.plan.windowStart == 1.5 && clip.plan.windowDuration == 2)
        try expectCompliantOutput(clip, window: 2)
        #expect(clip.output.audio.first?.codec == "aac")
    }

    @Test("HEVC Main 10 HLG becomes 8-bit H.264 High, never High 10")
    func hevcHLGBecomesEightBit() async throws {
        let path = try await fixtures.clip(.hevcHLG)
        let clip = try await Preparer.prepare(path: path)
        #expect(Set(clip.plan.reasons.map(\.code)).isSuperset(of: ["codec", "pixelFormat", "container"]))
        try expectCompliantOutput(clip, window: 2)
        #expect(clip.output.video.profile == "High")
        #expect(!clip.output.video.hdr)
    }

    @Test("the committed clips that need it become compliant H.264", arguments: ["rotated.mp4", "hevc-hlg.mov", "megamind.avi"])
    func committedClips(name: String) async throws {
        let path = TestData.path(name)
        let clip = try await Preparer.prepare(path: path)
        try expectCompliantOutput(clip, window: clip.plan.windowDuration)
        #expect(clip.output.video.profile == "High")
    }

    @Test("60 fps is capped to Huawei's 30 by dropping frames, not by slowing down")
    func fpsCap() async throws {
        let path = try await fixtures.clip(.fps60)
        let clip = try await Preparer.prepare(path: path, profile: .huawei)
        #expect(clip.plan.reasons.map(\.code) == ["fps"])
        try expectCompliantOutput(clip, window: 3, fpsCap: 30)
        #expect(abs(clip.output.video.fps - 30) < 0.5)
    }

    @Test("a header's pixel aspect is not applied: the stored picture goes out with square pixels")
    func pixelAspectIsNotApplied() async throws {
        func pixelAspect(_ file: String) throws -> String {
            try Tool.ffprobe.runSucceeding(["-v", "error", "-show_entries", "stream=sample_aspect_ratio", "-of", "csv=p=0", file])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let path = try await fixtures.clip(.anamorphic)
        #expect(try pixelAspect(path) == "2:1", "the fixture must declare 2:1 pixels")
        let source = try await MediaProbe.probe(path: path)
        #expect(source.video.displayWidth == 640 && source.video.displayHeight == 360)
        // Otherwise compliant, it would pass through with its header as it is; a shorter window makes it a transcode.
        let clip = try await Preparer.prepare(path: path, options: PrepareOptions(start: 0, duration: 2))
        try expectCompliantOutput(clip, window: 2)
        #expect(clip.output.video.displayWidth == 640 && clip.output.video.displayHeight == 360, "the stored size, not 1280x360")
        let dir = try TestData.makeTemporaryDirectory()
        let out = dir.appendingPathComponent("out.mp4")
        try Data(clip.mp4).write(to: out)
        #expect(try pixelAspect(out.path) == "1:1")
    }

    @Test("frames faster than the probe's bound (2000 fps, no declared rate) make an output that probes again")
    func fasterThanTheProbeBound() async throws {
        let path = try await fixtures.clip(.ts2000fps)
        let source = try await MediaProbe.probe(path: path)
        #expect(source.video.fps == 0, "the probe accepts it only with an unknown rate")
        // juhe-videoauth has no fps cap; the MP4 it sends is probed back inside prepare.
        let clip = try await Preparer.prepare(path: path, profile: .juheVideoAuth)
        #expect(clip.plan.transcode?.maxFps == VideoStreamInfo.maxFramesPerSecond)
        #expect(clip.output.video.fps > 0 && clip.output.video.fps <= VideoStreamInfo.maxFramesPerSecond)
    }

    @Test("an encode over budget is redone lower, and only the one within budget is returned")
    func overBudgetRetry() async throws {
        let path = try await fixtures.clip(.rotated)
        // The size the quality target alone produces, with no budget at all.
        let free = Profile(name: "no-limit", preferredDuration: 5)
        let natural = try await Preparer.prepare(path: path, profile: free)
        #expect(natural.plan.budget == nil && natural.plan.transcode?.maxRateBitsPerSecond == nil)
        // A third of that, with the first cap deliberately 10x too generous: the first encode
        // must overshoot and the loop must bring it under.
        let limit = VideoData.valueLength(byteCount: natural.mp4Bytes / 3)
        let tight = try Profile.default.applying(ProfileOverrides(maxBytes: limit))
        var options = PrepareOptions()
        options.initialRateScale = 10
        let clip = try await Preparer.prepare(path: path, profile: tight, options: options)
        #expect(clip.attempts.count > 1)
        #expect(clip.attempts.first?.withinBudget == false)
        #expect(clip.attempts.dropLast().allSatisfy { !$0.withinBudget } && clip.attempts.last?.withinBudget == true)
        #expect(clip.payloadBytes <= limit)
        #expect(clip.mp4Bytes == clip.attempts.last?.mp4Bytes)
        try expectCompliantOutput(clip, window: 5)
    }

    @Test("when the attempts run out over budget, the error says so and nothing is returned")
    func attemptsExhausted() async throws {
        let path = try await fixtures.clip(.rotated)
        let tight = try Profile.default.applying(ProfileOverrides(maxBytes: 120_000))
        var options = PrepareOptions(maxAttempts: 1)
        options.initialRateScale = 20
        await #expect { try await Preparer.prepare(path: path, profile: tight, options: options) } throws: { error in
            guard case let .budgetNotMet(attempts, smallest, maxMP4) = error as? PrepareError else { return false }
            return attempts == 1 && smallest > maxMP4 && maxMP4 == VideoData.maxByteCount(forValueLength: 120_000)
        }
    }

    @Test("Alibaba's limit is on the file: the MP4 itself stays under it")
    func fileBudget() async throws {
        let path = try await fixtures.clip(.rotated)
        let aliyun = try Profile.aliyun.applying(ProfileOverrides(maxBytes: 80_000))
        let clip = try await Preparer.prepare(path: path, profile: aliyun)
        #expect(clip.plan.budget?.unit == .file && clip.budgetBytes == 80_000)
        #expect(clip.mp4Bytes <= 80_000)
        try expectCompliantOutput(clip, window: 7)
    }

    @Test("a tiny but feasible budget is kept without any help")
    func tinyBudget() async throws {
        let path = try await fixtures.clip(.rotated)
        let tight = try Profile.default.applying(ProfileOverrides(maxBytes: 100_000))
        let clip = try await Preparer.prepare(path: path, profile: tight)
        #expect(clip.payloadBytes <= 100_000)
        try expectCompliantOutput(clip, window: 5)
        #expect(max(clip.output.video.displayWidth, clip.output.video.displayHeight) >= Plan.minimumSide)
    }

    @Test("an impossible budget is a typed error before any encode")
    func impossibleBudget() async throws {
        let path = try await fixtures.clip(.rotated)
        let tiny = try Profile.default.applying(ProfileOverrides(maxBytes: 5_000))
        await #expect { try await Preparer.prepare(path: path, profile: tiny) } throws: { error in
            guard case let .budgetTooSmall(budget, _, needed, _, _, _) = error as? PrepareError else { return false }
            return budget == 5_000 && needed > 5_000
        }
    }

    @Test("a missing file is the media layer's typed error")
    func missingFile() async {
        await #expect(throws: MediaError.self) { try await Preparer.prepare(path: "/nonexistent/clip.mp4") }
    }

    @Test("progress arrives as a stream of stages ending in done")
    func progressStream() async throws {
        let path = try await fixtures.clip(.rotated)
        let preparation = Preparer.start(path: path)
        var stages: [PrepareProgress.Stage] = []
        var fractions: [Double] = []
        for await step in preparation.progress {
            if stages.last != step.stage { stages.append(step.stage) }
            if step.stage == .encoding { fractions.append(step.fraction) }
        }
        let clip = try await preparation.result
        #expect(!clip.passThrough)
        #expect(stages == [.probing, .encoding, .verifying, .done])
        #expect(fractions.allSatisfy { (0...1).contains($0) })
        #expect(fractions == fractions.sorted())
    }

    @Test("cancelling stops the transcode part-way and throws CancellationError")
    func cancellation() async throws {
        let path = try await fixtures.clip(.long)
        // A window that starts after 0 forces a transcode of nearly the whole 20 s.
        let preparation = Preparer.start(path: path, profile: Profile(name: "whole", maxValueBytes: 50_000_000),
                                         options: PrepareOptions(start: 0.5, duration: 19))
        var lastEncoding = 0.0
        for await step in preparation.progress where step.stage == .encoding {
            lastEncoding = step.fraction
            if step.fraction > 0.05 { preparation.cancel() }
        }
        await #expect(throws: CancellationError.self) { try await preparation.result }
        // The stream ended without the encode finishing: the work stopped, it did not run out.
        #expect(lastEncoding < 0.9)
    }
}
