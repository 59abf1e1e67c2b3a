import Foundation
import Testing
import VAPrep
import VAPrepCheck
import VAPrepMedia
import VAPrepTestSupport

/// The pre-check on the committed test clips (made by testdata/make-testdata.sh): each clip is
/// built to show one problem, and the verdict must name exactly that problem.
@Suite("pre-check on the test clips")
struct PreCheckClipTests {
    static func run(_ name: String, profile: Profile = .default) async throws -> PreCheckReport {
        try await PreCheckPipeline.run(path: TestData.path(name), profile: profile)
    }

    static func failCodes(_ report: PreCheckReport) -> [PreCheckReport.ReasonCode] {
        report.reasons.filter { $0.severity == .fail }.map(\.code)
    }

    @Test("live face (non-rigid warp, camera motion) passes")
    func livePasses() async throws {
        let report = try await Self.run("live.mp4")
        #expect(report.verdict == .pass, "\(report.reasons)")
        #expect(report.frames.count == (1 + PreCheck.pairGaps.count) * PreCheck.standardPairCount)
        #expect(report.frames.allSatisfy { !$0.faces.isEmpty })
        let motions = report.frames.compactMap(\.motion)
        #expect(motions.count >= 5)
    }

    @Test("rigid replay of a still fails noMotion, and only that")
    func replayIsNoMotion() async throws {
        let report = try await Self.run("replay.mp4")
        #expect(Self.failCodes(report) == [.noMotion], "\(report.reasons)")
        let reason = try #require(report.reasons.first { $0.code == .noMotion })
        #expect(reason.value < reason.threshold)
    }

    @Test("clip problems map to their reason", arguments: [
        ("dark.mp4", PreCheckReport.ReasonCode.tooDark),
        ("bright.mp4", .tooBright),
        ("blurred.mp4", .blurry),
        ("black.mp4", .noFace),
        ("noface.mp4", .noFace),
    ])
    func problemClips(name: String, code: PreCheckReport.ReasonCode) async throws {
        let report = try await Self.run(name)
        #expect(report.verdict == .fail)
        #expect(Self.failCodes(report) == [code], "\(name): \(report.reasons)")
    }

    @Test("rotated phone clip: frames come upright and the face is found")
    func rotatedFindsTheFace() async throws {
        let report = try await Self.run("rotated.mp4")
        #expect(report.frames.allSatisfy { $0.height > $0.width })
        #expect(report.frames.filter { !$0.faces.isEmpty }.count >= report.frames.count - 1)
        #expect(!report.reasons.contains { $0.code == .noFace })
    }

    @Test("film frames: the face luma, not the dark frame, decides exposure")
    func megamindFacesAreLit() async throws {
        let report = try await Self.run("megamind.avi")
        #expect(!report.reasons.contains { $0.code == .tooDark }, "\(report.reasons)")
        let luma = report.frames.compactMap(\.faceLuma)
        #expect(!luma.isEmpty && luma.allSatisfy { $0 > 80 })
    }

    @Test("a profile's duration and fps limits become reasons")
    func profileLimits() async throws {
        let strict = try Profile.named("baidu")   // 5–15 s
        let report = try await Self.run("blurred.mp4", profile: strict)
        #expect(report.reasons.contains { $0.code == .tooShort && $0.threshold == 5 })
        let t = Plan.preCheckThresholds(for: .huawei)
        #expect(t.minDuration == 1 && t.maxDuration == 15 && t.minFps == 10 && t.maxFps == 30)
    }

    @Test("missing file and bad cascade are typed errors")
    func errors() async throws {
        await #expect(throws: MediaError.self) { try await Self.run("does-not-exist.mp4") }
        await #expect(throws: CascadeError.self) {
            try await PreCheckPipeline.run(path: TestData.path("live.mp4"), detector: .cascade(path: "/nonexistent.xml"))
        }
    }
}
