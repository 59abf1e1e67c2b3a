import Foundation
import Testing
import VAPrepMedia
@testable import VAPrep
import VAPrepTestSupport

/// Plan decisions on the committed clips (testdata/README.md), probed by the real probe:
/// what each built-in profile does with each kind of phone clip.
@Suite("Plan decisions on the committed clips")
struct PlanOnTestdataTests {
    func plan(_ name: String, _ profile: Profile) async throws -> Plan {
        let path = TestData.path(name)
        let info = try await MediaProbe.probe(path: path)
        return try Plan.make(for: info, profile: profile, fileExtension: URL(fileURLWithPath: path).pathExtension)
    }

    func codes(_ name: String, _ profile: Profile) async throws -> [String] {
        try await plan(name, profile).reasons.map(\.code)
    }

    @Test("live.mp4 (5 s 720x1280 H.264 MP4) complies with every profile")
    func liveCompliesEverywhere() async throws {
        for profile in Profile.builtIn {
            let plan = try await plan("live.mp4", profile)
            #expect(plan.passThrough, "\(profile.name): \(plan.reasons)")
        }
    }

    @Test("replay.mp4 (4 s) passes through except for Baidu, whose 5 s minimum it cannot meet")
    func replayTooShortForBaidu() async throws {
        #expect(try await plan("replay.mp4", .juheVideoAuth).passThrough)
        #expect(try await plan("replay.mp4", .huawei).passThrough)
        await #expect { try await plan("replay.mp4", .baidu) } throws: { error in
            guard case let .clipTooShort(seconds, minimum) = error as? PrepareError else { return false }
            return abs(seconds - 4) < 0.1 && minimum == 5
        }
    }

    @Test("rotated.mp4 is transcoded for its display matrix under every profile")
    func rotatedNeedsTranscode() async throws {
        for profile in Profile.builtIn where profile.name != "baidu" {
            let plan = try await plan("rotated.mp4", profile)
            #expect(plan.reasons.map(\.code) == ["rotation"], "\(profile.name)")
            let settings = try #require(plan.transcode)
            #expect(settings.outputWidth == 360 && settings.outputHeight == 640)
        }
    }

    @Test("hevc-hlg.mov: codec, pixel format and colour everywhere; MOV only where not accepted")
    func hevcHLG() async throws {
        #expect(try await codes("hevc-hlg.mov", .juheVideoAuth) == ["container", "codec", "pixelFormat", "colour"])
        #expect(try await codes("hevc-hlg.mov", .aliyun) == ["codec", "pixelFormat", "colour"])
        let huawei = try await plan("hevc-hlg.mov", .huawei)
        #expect(huawei.reasons.map(\.code) == ["container", "codec", "pixelFormat", "colour", "fps"])
        #expect(huawei.transcode?.maxFps == 30)
    }

    @Test("megamind.avi (MPEG-4 Part 2 in AVI): AVI is fine for Juhe liveness, the codec is not")
    func megamindAVI() async throws {
        #expect(try await codes("megamind.avi", .juheLiveness) == ["codec"])
        #expect(try await codes("megamind.avi", .juheVideoAuth) == ["container", "codec"])
        let plan = try await plan("megamind.avi", .juheVideoAuth)
        #expect(plan.transcode?.outputWidth == 720 && plan.transcode?.outputHeight == 528)
    }
}
