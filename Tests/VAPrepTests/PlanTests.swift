import Foundation
import Testing
import VAPrepMedia
@testable import VAPrep

@Suite("Plan decisions on described clips")
struct PlanTests {
    typealias Clip = PlanFixtures.Clip

    @Test("a compliant clip passes through for every profile, with its exact payload size")
    func compliantPassesThrough() throws {
        let info = PlanFixtures.compliant.info
        for profile in Profile.builtIn {
            let plan = try Plan.make(for: info, profile: profile, fileExtension: "mp4")
            #expect(plan.passThrough, "\(profile.name): \(plan.reasons)")
            #expect(plan.reasons.isEmpty && plan.transcode == nil)
            #expect(plan.passThroughPayloadBytes == 7 + 4 * ((1_000_000 + 2) / 3))
        }
    }

    @Test("a longer clip is cut to the preferred 5 s only where the profile prefers it")
    func longerClip() throws {
        var clip = Clip()
        clip.seconds = 10
        let juhe = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        #expect(!juhe.passThrough)
        #expect(juhe.reasons.map(\.code) == ["duration"])
        #expect(juhe.windowStart == 0 && juhe.windowDuration == 5)
        #expect(juhe.transcode?.start == 0 && juhe.transcode?.duration == 5)
        for profile in [Profile.juheLiveness, .huawei, .baidu, .aliyun] {
            #expect(try Plan.make(for: clip.info, profile: profile).passThrough, "\(profile.name)")
        }
        // Huawei accepts at most 15 s.
        clip.seconds = 20
        let huawei = try Plan.make(for: clip.info, profile: .huawei)
        #expect(huawei.reasons.map(\.code) == ["duration"] && huawei.windowDuration == 15)
        // A clip shorter than the preferred window is kept whole.
        clip.seconds = 3
        let short = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        #expect(short.passThrough && short.windowDuration == 3)
    }

    @Test("one frame of slack: a 5.02 s recording is a 5 s clip")
    func durationTolerance() throws {
        var clip = Clip()
        clip.seconds = 5.02
        #expect(try Plan.make(for: clip.info, profile: .juheVideoAuth).passThrough)
        clip.seconds = 5.2
        #expect(try !Plan.make(for: clip.info, profile: .juheVideoAuth).passThrough)
    }

    @Test("a rotated phone clip is transcoded to its displayed size")
    func rotation() throws {
        var clip = Clip()
        clip.width = 1920
        clip.height = 1080
        clip.rotation = 90
        let plan = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        #expect(plan.reasons.map(\.code) == ["rotation"])
        let settings = try #require(plan.transcode)
        #expect(settings.outputWidth == 720 && settings.outputHeight == 1280)
        clip.rotation = 0
        clip.flipped = true
        #expect(try Plan.make(for: clip.info, profile: .juheVideoAuth).reasons.map(\.code) == ["rotation"])
    }

    @Test("HEVC 10-bit HLG breaks codec, pixel format and colour rules")
    func hevcHDR() throws {
        var clip = Clip()
        clip.codec = "hevc"
        clip.pixelFormat = "yuv420p10le"
        clip.bitDepth = 10
        clip.hdr = true
        clip.transfer = "arib-std-b67"
        let plan = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        #expect(plan.reasons.map(\.code) == ["codec", "pixelFormat", "colour"])
        #expect(plan.transcode?.outputWidth == 1280 && plan.transcode?.outputHeight == 720)
        clip = Clip()
        clip.pixelFormat = "yuv422p"
        clip.chroma = "4:2:2"
        #expect(try Plan.make(for: clip.info, profile: .baidu).reasons.map(\.code) == ["pixelFormat"])
    }

    @Test("fps above the profile's cap is dropped to the cap; below its minimum is only noted")
    func frameRate() throws {
        var clip = Clip()
        clip.fps = 60
        #expect(try Plan.make(for: clip.info, profile: .juheVideoAuth).passThrough)
        let huawei = try Plan.make(for: clip.info, profile: .huawei)
        #expect(huawei.reasons.map(\.code) == ["fps"])
        #expect(huawei.transcode?.maxFps == 30)
        clip.fps = 8
        let slow = try Plan.make(for: clip.info, profile: .huawei)
        #expect(slow.passThrough)
        #expect(slow.notes.contains { $0.contains("minimum") })
        // --max-fps makes a cap where the profile had none; a clip under it is not capped.
        clip.fps = 30
        let capped = try Plan.make(for: clip.info, profile: Profile.default.applying(ProfileOverrides(maxFps: 15)))
        #expect(capped.transcode?.maxFps == 15)
    }

    @Test("a transcode never plans above the probe's frame-rate bound, whatever the profile allows")
    func frameRateBound() throws {
        var clip = Clip()
        clip.rotation = 90   // forces a transcode under every profile
        let bound = VideoStreamInfo.maxFramesPerSecond
        for fps in [0.0, 30, 240, bound] {
            clip.fps = fps
            #expect(try Plan.make(for: clip.info, profile: .baidu).transcode?.maxFps == bound, "\(fps) fps, no profile cap")
        }
        clip.fps = 30
        let loose = try Profile.default.applying(ProfileOverrides(maxFps: 5000))
        #expect(try Plan.make(for: clip.info, profile: loose).transcode?.maxFps == bound)
        #expect(try Plan.make(for: clip.info, profile: .huawei).transcode?.maxFps == bound, "30 fps is under huawei's cap")
        clip.fps = 60
        #expect(try Plan.make(for: clip.info, profile: .huawei).transcode?.maxFps == 30)
    }

    @Test("containers: MOV and MP4 share FFmpeg's demuxer; the extension tells them apart")
    func containers() throws {
        let info = PlanFixtures.compliant.info
        #expect(try Plan.make(for: info, profile: .juheVideoAuth, fileExtension: "mov").reasons.map(\.code) == ["container"])
        #expect(try Plan.make(for: info, profile: .aliyun, fileExtension: "MOV").passThrough)
        var avi = Clip()
        avi.format = "avi"
        #expect(try Plan.make(for: avi.info, profile: .juheLiveness).passThrough)
        #expect(try Plan.make(for: avi.info, profile: .baidu).reasons.map(\.code) == ["container"])
        avi.codec = "mpeg4"
        #expect(try Plan.make(for: avi.info, profile: .juheLiveness).reasons.map(\.code) == ["codec"])
    }

    @Test("an over-budget file is transcoded under a VBV cap derived from the budget")
    func overBudget() throws {
        var clip = Clip()
        clip.width = 1920
        clip.height = 1080
        clip.sizeBytes = 9_000_000
        let plan = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        #expect(plan.reasons.map(\.code) == ["budget"])
        let budget = try #require(plan.budget)
        #expect(budget.unit == .videoData && budget.limitBytes == 10_000_000 && budget.maxMP4Bytes == 7_499_994)
        let s = try #require(plan.transcode)
        #expect(s.outputWidth == 1280 && s.outputHeight == 720)
        let rate = try #require(s.maxRateBitsPerSecond)
        #expect(s.bufferSizeBits == rate)
        // The cap's worst case (rate·T + buffer) plus the container stays within the budget.
        let worst = Double(rate) * (s.duration + 1) / 8 + Double(RateCap.containerOverhead(seconds: 5, fps: 30, keepAudio: false))
        #expect(worst <= Double(budget.maxMP4Bytes))
        #expect(worst >= 0.8 * Double(budget.maxMP4Bytes))
        // Aliyun counts the file itself.
        clip.sizeBytes = 5_000_001
        let ali = try Plan.make(for: clip.info, profile: .aliyun)
        #expect(ali.reasons.map(\.code) == ["budget"] && ali.budget?.unit == .file && ali.budget?.maxMP4Bytes == 5_000_000)
        // No published limit (Baidu): no cap, CRF alone.
        clip.sizeBytes = 50_000_000
        let baidu = try Plan.make(for: clip.info, profile: .baidu)
        #expect(baidu.passThrough && baidu.budget == nil)
    }

    @Test("a tight budget shrinks the picture, never below the minimum side")
    func tightBudget() throws {
        var clip = Clip()
        clip.sizeBytes = 5_000_000
        let profile = try Profile.default.applying(ProfileOverrides(maxBytes: 150_000))
        let plan = try Plan.make(for: clip.info, profile: profile)
        let s = try #require(plan.transcode)
        #expect(max(s.outputWidth, s.outputHeight) < 1280)
        #expect(max(s.outputWidth, s.outputHeight) >= Plan.minimumSide)
        #expect(s.outputWidth % 2 == 0 && s.outputHeight % 2 == 0)
        #expect(plan.notes.contains { $0.contains("reduced") })
    }

    @Test("an impossible budget says what would fit, and that amount does fit")
    func impossibleBudget() throws {
        let info = PlanFixtures.compliant.info
        let tiny = try Profile.default.applying(ProfileOverrides(maxBytes: 20_000))
        var needed = 0
        #expect { try Plan.make(for: info, profile: tiny, duration: 5) } throws: { error in
            guard case let .budgetTooSmall(budget, unit, neededBytes, window, _, fitting) = error as? PrepareError else { return false }
            needed = neededBytes
            return budget == 20_000 && unit == .videoData && neededBytes > 20_000 && window == 5
                && (fitting ?? 0) < 5
        }
        let enough = try Profile.default.applying(ProfileOverrides(maxBytes: needed))
        #expect(try Plan.make(for: info, profile: enough, duration: 5).transcode != nil)
    }

    @Test("windows: explicit start/duration, a suggested start, and bad windows")
    func windows() throws {
        var clip = Clip()
        clip.seconds = 20
        let explicit = try Plan.make(for: clip.info, profile: .juheVideoAuth, start: 2, duration: 3)
        #expect(explicit.windowStart == 2 && explicit.windowDuration == 3)
        #expect(explicit.reasons.map(\.code) == ["window"])
        let suggested = try Plan.make(for: clip.info, profile: .juheVideoAuth, preferredStart: 18)
        #expect(suggested.windowStart == 15 && suggested.windowDuration == 5)
        let runsOut = try Plan.make(for: clip.info, profile: .juheVideoAuth, start: 17)
        #expect(runsOut.windowDuration == 3)
        #expect(throws: PrepareError.windowOutsideClip(start: 25, clipSeconds: 20)) {
            try Plan.make(for: clip.info, profile: .juheVideoAuth, start: 25)
        }
        #expect(throws: PrepareError.self) { try Plan.make(for: clip.info, profile: .juheVideoAuth, start: -1) }
        #expect(throws: PrepareError.self) { try Plan.make(for: clip.info, profile: .juheVideoAuth, duration: 0) }
        clip.seconds = 3
        #expect(throws: PrepareError.clipTooShort(seconds: 3, minimum: 5)) {
            try Plan.make(for: clip.info, profile: .baidu)
        }
    }

    @Test("output sizes keep the aspect, stay even and never upscale")
    func outputSizes() {
        #expect(OutputSize.fitting(width: 1920, height: 1080, maxSide: 1280) == OutputSize(width: 1280, height: 720))
        #expect(OutputSize.fitting(width: 1080, height: 1920, maxSide: 1280) == OutputSize(width: 720, height: 1280))
        #expect(OutputSize.fitting(width: 720, height: 528, maxSide: 1280) == OutputSize(width: 720, height: 528))
        #expect(OutputSize.fitting(width: 641, height: 479, maxSide: 1280) == OutputSize(width: 640, height: 478))
        let odd = OutputSize.fitting(width: 1442, height: 1081, maxSide: 960)
        #expect(odd.width == 960 && odd.height % 2 == 0 && abs(Double(odd.width) / Double(odd.height) - 1442.0 / 1081) < 0.01)
    }

    @Test("a plan is inspectable JSON")
    func planJSON() throws {
        var clip = Clip()
        clip.rotation = 270
        let plan = try Plan.make(for: clip.info, profile: .juheVideoAuth)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        for key in ["profile", "passThrough", "reasons", "windowStart", "windowDuration", "budget", "transcode", "notes"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)
    }
}
