import Foundation
import Testing
import VAPrepMedia
@testable import VAPrep
import VAPrepTestSupport

/// Face weighting through the one pipeline (`ClipJob`): the face found on the window's
/// keyframes reaches x264 on every frame, the profile key turns it off, and a clip without a
/// face is encoded byte for byte as with the feature off.
@Suite("Face weighting in the job")
struct FaceWeightingJobTests {
    /// `rotated.mp4` (the live face, stored 640x360 with a −90° matrix) is always transcoded.
    static let rotated = TestData.path("rotated.mp4")
    /// A test pattern with no face; H.264 MP4, so a profile that only takes HEVC transcodes it.
    static let noface = TestData.path("noface.mp4")

    static func prepare(_ path: String, _ profile: Profile) async throws -> PreparedClip {
        try await Preparer.prepare(path: path, profile: profile)
    }

    @Test("a face: the plan carries the track, every frame reaches x264 with regions, the output stays compliant")
    func faceIsWeighted() async throws {
        let clip = try await Self.prepare(Self.rotated, .default)
        let weighting = try #require(clip.plan.transcode?.faceWeighting)
        #expect(weighting.offsets == .standard)
        // rotated.mp4 has one keyframe in the window: one sample, its box held over the window.
        #expect(weighting.track.faceSampleCount >= 1)
        for sample in weighting.track.samples {
            #expect(sample.time >= clip.plan.windowStart - 1 && sample.time <= clip.plan.windowStart + clip.plan.windowDuration + 1e-6)
        }
        let attempt = try #require(clip.attempts.last)
        let frames = Int((clip.output.video.fps * clip.output.durationSeconds).rounded())
        #expect(attempt.faceWeightedFrames == frames)

        var off = Profile.default
        off.faceWeighting = false
        let plain = try await Self.prepare(Self.rotated, off)
        #expect(plain.plan.transcode?.faceWeighting == nil)
        #expect(plain.attempts.last?.faceWeightedFrames == 0)
        // The same window, size and frames either way: only the bits move.
        #expect(plain.plan.windowStart == clip.plan.windowStart && plain.plan.windowDuration == clip.plan.windowDuration)
        #expect(plain.output.video.displayWidth == clip.output.video.displayWidth)
        #expect(plain.output.video.displayHeight == clip.output.video.displayHeight)
        #expect(abs(plain.output.durationSeconds - clip.output.durationSeconds) < 1e-6)
        let differs = clip.mp4 != plain.mp4
        #expect(differs)
    }

    @Test("no face found: the plan is the one with faceWeighting off and x264 gets no regions")
    func noFaceIsToday() async throws {
        var profile = Profile(name: "hevc-only", videoCodecs: ["hevc"])
        let weighted = try await Self.prepare(Self.noface, profile)
        #expect(weighted.plan.transcode?.faceWeighting == nil)
        #expect(weighted.attempts.last?.faceWeightedFrames == 0)
        profile.faceWeighting = false
        let plain = try await Self.prepare(Self.noface, profile)
        #expect(weighted.plan == plain.plan)
        // Byte identity is checked across processes (PrepareCommandTests.noFaceBytesAreToday).
    }

    @Test("the pre-check sees the same frames with and without weighting")
    func preCheckFramesUnchanged() async throws {
        var off = Profile.default
        off.faceWeighting = false
        let on = try await ClipJob(path: Self.rotated, profile: .default).run()
        let plain = try await ClipJob(path: Self.rotated, profile: off).run()
        #expect(on.prepared?.plan.transcode?.faceWeighting != nil)
        let same = on.prepared?.analysisFrames == plain.prepared?.analysisFrames
        #expect(same)
        #expect(on.preCheck?.verdict == plain.preCheck?.verdict)
    }

    @Test("profile JSON: faceWeighting defaults to true, false turns it off, a wrong type is refused")
    func profileKey() throws {
        let decode = { (json: String) in try JSONDecoder().decode(Profile.self, from: Data(json.utf8)) }
        #expect(try decode(#"{"name": "a"}"#).faceWeighting)
        #expect(try !decode(#"{"name": "a", "faceWeighting": false}"#).faceWeighting)
        #expect(throws: DecodingError.self) { try decode(#"{"name": "a", "faceWeighting": "no"}"#) }
        let allOn = Profile.builtIn.allSatisfy { $0.faceWeighting }
        #expect(allOn)
    }
}
