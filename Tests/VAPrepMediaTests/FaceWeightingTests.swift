import CFFmpeg
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// The face track, the regions it lays out, and that x264 receives them: real encodes of
/// `live.mp4` (a face in every frame) with tracks chosen by the test.
@Suite("Face weighting")
struct FaceWeightingTests {
    static let live = TestData.path("live.mp4")   // 720x1280, 30 fps, 5 s, a face throughout
    let a = FaceTrack.Box(x: 0.2, y: 0.2, width: 0.4, height: 0.3)
    let b = FaceTrack.Box(x: 0.4, y: 0.3, width: 0.2, height: 0.3)

    @Test("the track interpolates between faces, holds at the ends and drops the box nearer a no-face sample")
    func trackInterpolation() throws {
        let track = try #require(FaceTrack(samples: [.init(time: 2, box: b), .init(time: 1, box: a),
                                                     .init(time: 4, box: nil)]))
        #expect(track.samples.map(\.time) == [1, 2, 4])
        #expect(track.faceSampleCount == 2)
        #expect(track.box(at: 0) == a)
        let middle = try #require(track.box(at: 1.5))
        let expected = [0.3, 0.25, 0.3, 0.3]
        let close = zip([middle.x, middle.y, middle.width, middle.height], expected).allSatisfy { abs($0 - $1) < 1e-12 }
        #expect(close)
        #expect(track.box(at: 2.9) == b)
        #expect(track.box(at: 3.1) == nil)
        #expect(track.box(at: 9) == nil)
        #expect(FaceTrack(samples: [.init(time: 0, box: nil)]) == nil)
        #expect(FaceTrack(samples: []) == nil)
    }

    @Test("a box in analysis pixels becomes fractions of the picture; an empty picture gives no box")
    func normalisation() {
        let sample = FaceTrack.Sample(time: 1, x: 90, y: 160, width: 180, height: 320, frameWidth: 360, frameHeight: 640)
        #expect(sample.box == FaceTrack.Box(x: 0.25, y: 0.25, width: 0.5, height: 0.5))
        #expect(FaceTrack.Sample(time: 1, x: 0, y: 0, width: 10, height: 10, frameWidth: 0, frameHeight: 640).box == nil)
    }

    @Test("regions: the face first, rings stepping towards the background, the whole picture last, all inside it")
    func regionLayout() throws {
        let offsets = FaceWeighting.Offsets(face: -0.1, faceMargin: 0.1, background: 0.3, blendMargin: 0.5, rings: 3)
        let weighting = FaceWeighting(track: try #require(FaceTrack(samples: [.init(time: 0, box: a)])), offsets: offsets)
        let regions = weighting.regions(at: 0, width: 720, height: 1280)
        #expect(regions.count == 5)
        #expect(regions.first == .init(left: 115, top: 217, right: 461, bottom: 679, qoffset: -0.1))
        #expect(regions.last == .init(left: 0, top: 0, right: 720, bottom: 1280, qoffset: 0.3))
        let q = regions.map(\.qoffset)
        #expect(q == q.sorted() && Set(q).count == q.count)
        for (inner, outer) in zip(regions, regions.dropFirst()) {
            #expect(outer.left <= inner.left && outer.top <= inner.top && outer.right >= inner.right && outer.bottom >= inner.bottom)
        }
        for region in regions { #expect(region.left >= 0 && region.top >= 0 && region.right <= 720 && region.bottom <= 1280) }
        // A box outside the picture, or values no detector gives, lay out nothing.
        let outside = FaceWeighting(track: try #require(FaceTrack(samples: [.init(time: 0, box: .init(x: 3, y: 3, width: 0.1, height: 0.1))])))
        #expect(outside.regions(at: 0, width: 720, height: 1280).isEmpty)
        let broken = FaceWeighting(track: try #require(FaceTrack(samples: [.init(time: 0, box: .init(x: .nan, y: 0, width: 0.1, height: 0.1))])))
        #expect(broken.regions(at: 0, width: 720, height: 1280).isEmpty)
    }

    @Test("vaprep_frame_set_rois: replaces the side data, count 0 removes it, a zero denominator is refused")
    func sideDataHelper() throws {
        var frame: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
        defer { av_frame_free(&frame) }
        let f = try #require(frame)
        let rois = [vaprep_roi(left: 0, top: 0, right: 16, bottom: 16, qoffset_num: -1, qoffset_den: 10),
                    vaprep_roi(left: 0, top: 0, right: 64, bottom: 64, qoffset_num: 3, qoffset_den: 10)]
        #expect(vaprep_frame_set_rois(f, rois, 2) == 0)
        #expect(vaprep_frame_roi_count(f) == 2)
        #expect(vaprep_frame_set_rois(f, rois, 1) == 0)
        #expect(vaprep_frame_roi_count(f) == 1)
        #expect(vaprep_frame_set_rois(f, nil, 0) == 0)
        #expect(vaprep_frame_roi_count(f) == 0)
        let broken = [vaprep_roi(left: 0, top: 0, right: 16, bottom: 16, qoffset_num: 1, qoffset_den: 0)]
        #expect(vaprep_frame_set_rois(f, broken, 1) == vaprep_averror(EINVAL))
        #expect(vaprep_frame_roi_count(f) == 0)
        #expect(vaprep_frame_set_rois(f, nil, 1) == vaprep_averror(EINVAL))
    }

    func transcode(_ weighting: FaceWeighting?) async throws -> TranscodeResult {
        let settings = TranscodeSettings(start: 1, duration: 2, outputWidth: 360, outputHeight: 640, faceWeighting: weighting)
        return try await Transcoder.transcode(path: Self.live, settings: settings)
    }

    @Test("x264 receives regions on every frame with a face and none on frames without; no face anywhere sends none")
    func encoderReceivesRegions() async throws {
        let plain = try await transcode(nil)
        #expect(plain.frameCount == 60 && plain.weightedFrameCount == 0)

        let everywhere = try #require(FaceTrack(samples: [.init(time: 1, box: a), .init(time: 3, box: b)]))
        let weighted = try await transcode(FaceWeighting(track: everywhere))
        #expect(weighted.frameCount == 60 && weighted.weightedFrameCount == 60)
        let differs = weighted.mp4 != plain.mp4
        #expect(differs)

        // A face until 1.5 s, none from 2 s: frames at 1.0…1.5 s (nearer the face sample) are
        // weighted (16, or 15 when 1.5 s rounds past the middle), the rest are not.
        let leaving = try #require(FaceTrack(samples: [.init(time: 1, box: a), .init(time: 2, box: nil)]))
        let half = try await transcode(FaceWeighting(track: leaving))
        #expect((15...16).contains(half.weightedFrameCount))

        // The face is only seen after the window: every frame of the window is nearer a no-face
        // sample. (That the bytes then equal today's is checked across processes, in
        // PrepareCommandTests: x264's output of jobs inside one long-lived test process is not
        // always byte-identical.)
        let elsewhere = try #require(FaceTrack(samples: [.init(time: 0, box: nil), .init(time: 20, box: a)]))
        let none = try await transcode(FaceWeighting(track: elsewhere))
        #expect(none.frameCount == 60 && none.weightedFrameCount == 0)
    }
}
