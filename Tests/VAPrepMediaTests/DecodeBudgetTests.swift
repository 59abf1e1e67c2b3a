import VAPrepTestSupport
import Foundation
import Testing
@testable import VAPrepMedia

/// The decode work budget: frames × pixels and wall clock, both `limitExceeded`, in every decode.
@Suite("Decode work budget")
struct DecodeBudgetTests {
    static let live = TestData.path("live.mp4")   // 720x1280, 30 fps, 5 s

    @Test("a file that declares 0.03 s but carries 3000 frames costs at most the pixel budget",
          .enabled(if: HostileMedia.available))
    func shortFileManyFrames() async throws {
        let path = HostileMedia.path("mkv-3ms-3000-frames.mkv")
        let info = try await MediaProbe.probe(path: path)
        #expect(info.durationSeconds <= 0.031)
        // 100 frames of 64x64.
        let limits = MediaLimits(maxDecodedPixels: 64 * 64 * 100)
        let settings = TranscodeSettings(duration: 0.03, outputWidth: 64, outputHeight: 64)
        await #expect(throws: MediaError.limitExceeded(limit: "decodedPixels", value: "more than 409600", max: "409600")) {
            try await Transcoder.transcode(path: path, limits: limits, settings: settings)
        }
        // The default budget lets the same file through: 3000 small frames are legitimate work.
        let result = try await Transcoder.transcode(path: path, settings: settings)
        #expect(result.frameCount == 3000)
    }

    @Test("sampling and transcoding stop at the pixel budget")
    func pixelBudget() async throws {
        let frame = 720 * 1280
        let limits = MediaLimits(maxDecodedPixels: 20 * frame)
        // The last second needs ~all 150 frames decoded from the last keyframe or the start.
        await #expect(throws: MediaError.self) {
            try await FrameSampler.sampleFrames(path: Self.live, at: [4.9], limits: limits)
        }
        await #expect(throws: MediaError.limitExceeded(limit: "decodedPixels", value: "more than \(20 * frame)",
                                                       max: "\(20 * frame)")) {
            try await Transcoder.transcode(path: Self.live, limits: limits,
                                           settings: TranscodeSettings(duration: 2, outputWidth: 360, outputHeight: 640))
        }
        // Within budget: the first frame.
        _ = try await FrameSampler.sampleFrames(path: Self.live, at: [0], limits: limits)
    }

    @Test("the decode deadline stops a decode with limitExceeded(decodeSeconds)")
    func deadline() async throws {
        let limits = MediaLimits(decodeDeadlineSeconds: 0)
        let error = await #expect(throws: MediaError.self) {
            try await Transcoder.transcode(path: Self.live, limits: limits,
                                           settings: TranscodeSettings(duration: 2, outputWidth: 360, outputHeight: 640))
        }
        guard case .limitExceeded(let limit, _, _) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(limit == "decodeSeconds")
        let sampled = await #expect(throws: MediaError.self) {
            try await FrameSampler.sampleFrames(path: Self.live, count: 4, limits: limits)
        }
        guard case .limitExceeded("decodeSeconds", _, _) = sampled else { Issue.record("\(String(describing: sampled))"); return }
    }

    @Test("limits written before the budget existed decode with its defaults")
    func codable() throws {
        let old = #"{"maxFileBytes":1000,"maxPixels":2,"maxStreams":3,"maxDurationSeconds":4,"openDeadlineSeconds":5}"#
        let limits = try JSONDecoder().decode(MediaLimits.self, from: Data(old.utf8))
        #expect(limits.maxFileBytes == 1000 && limits.openDeadlineSeconds == 5)
        #expect(limits.maxDecodedPixels == MediaLimits.default.maxDecodedPixels)
        #expect(limits.decodeDeadlineSeconds == MediaLimits.default.decodeDeadlineSeconds)
        let roundTrip = try JSONDecoder().decode(MediaLimits.self, from: JSONEncoder().encode(MediaLimits.default))
        #expect(roundTrip == MediaLimits.default)
    }
}
