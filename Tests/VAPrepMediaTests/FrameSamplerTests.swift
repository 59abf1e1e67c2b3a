import CFFmpeg
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

@Suite("FrameSampler")
struct FrameSamplerTests {
    static func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        precondition(a.count == b.count)
        var total = 0
        for i in a.indices { total += abs(Int(a[i]) - Int(b[i])) }
        return Double(total) / Double(a.count)
    }

    @Test("rotated.mp4 (stored landscape, -90° matrix) comes out upright and matches the portrait original")
    func rotatedIsUpright() async throws {
        let times = [0.5, 1.5, 2.5]
        // rotated.mp4 is the live portrait turned counter-clockwise and tagged to be turned back;
        // live.mp4 is the same portrait stored upright (at twice the size).
        let rotated = try await FrameSampler.sampleFrames(path: TestData.path("rotated.mp4"), at: times)
        let upright = try await FrameSampler.sampleFrames(path: TestData.path("live.mp4"), at: times)
        for (turned, reference) in zip(rotated, upright) {
            #expect(turned.width == 360 && turned.height == 640, "displayed aspect is portrait")
            #expect(reference.width == 360 && reference.height == 640)
            let difference = Self.meanAbsoluteDifference(turned.luma, reference.luma)
            let upsideDown = PlaneRotation.apply(Orientation(clockwise: 180, flipped: false), pixels: turned.luma,
                                                 width: turned.width, height: turned.height)
            let wrong = Self.meanAbsoluteDifference(upsideDown, reference.luma)
            #expect(difference < 6, "upright frame differs by \(difference)")
            #expect(wrong > 3 * difference, "the test could not tell upright (\(difference)) from upside down (\(wrong))")
        }
    }

    @Test("frames come at the requested times, in the order asked, within one frame")
    func requestedTimes() async throws {
        let times = [2.2, 0.1, 4.5, 1.0, 1.05]
        let frames = try await FrameSampler.sampleFrames(path: TestData.path("live.mp4"), at: times, shortSide: 180)
        #expect(frames.count == times.count)
        for (frame, time) in zip(frames, times) {
            #expect(frame.time >= time - 1e-6 && frame.time < time + 1.0 / 30, "asked \(time), got \(frame.time)")
            #expect(frame.width == 180 && frame.height == 320 && frame.luma.count == 180 * 320 && frame.rgb == nil)
        }
    }

    @Test("count spreads frames evenly over the clip")
    func evenlySpread() async throws {
        let frames = try await FrameSampler.sampleFrames(path: TestData.path("replay.mp4"), count: 8)
        let expected = FrameSampler.evenlySpacedTimes(count: 8, duration: 4)
        #expect(expected.first == 0.25 && expected.last == 3.75)
        #expect(frames.count == 8)
        for (frame, time) in zip(frames, expected) {
            #expect(frame.time >= time - 1e-6 && frame.time < time + 1.0 / 30)
        }
        #expect(try await FrameSampler.sampleFrames(path: TestData.path("replay.mp4"), count: 0).isEmpty)
    }

    @Test("RGB is returned on request and agrees with the luma plane")
    func rgbAgreesWithLuma() async throws {
        let frame = try #require(try await FrameSampler.sampleFrames(path: TestData.path("rotated.mp4"), at: [1],
                                                                      shortSide: 120, rgb: true).first)
        let rgb = try #require(frame.rgb)
        #expect(rgb.count == frame.width * frame.height * 3 && frame.width == 120)
        var total = 0.0
        for i in 0..<(frame.width * frame.height) {
            let y = 0.299 * Double(rgb[3 * i]) + 0.587 * Double(rgb[3 * i + 1]) + 0.114 * Double(rgb[3 * i + 2])
            total += abs(y - Double(frame.luma[i]))
        }
        #expect(total / Double(frame.width * frame.height) < 4, "RGB and luma disagree (rotation applied to one only?)")
    }

    @Test("10-bit HEVC, MPEG-4 in AVI and a black clip decode to plausible luma", arguments: [
        ("hevc-hlg.mov", 40.0, 255.0), ("megamind.avi", 5.0, 200.0), ("black.mp4", 0.0, 2.0),
    ])
    func otherCodecs(file: String, low: Double, high: Double) async throws {
        let frames = try await FrameSampler.sampleFrames(path: TestData.path(file), count: 3)
        #expect(frames.count == 3)
        for frame in frames {
            let mean = Double(frame.luma.reduce(0) { $0 + Int($1) }) / Double(frame.luma.count)
            #expect(mean >= low && mean <= high, "\(file) at \(frame.time): mean luma \(mean)")
        }
    }

    @Test("HLG frames are tone-mapped to SDR, and the sparse sampler sees what the transcoder's tap sees")
    func hdrSameAsTap() async throws {
        let path = TestData.path("hevc-hlg.mov")
        let times = [0.5, 1.5]
        let sampled = try await FrameSampler.sampleFrames(path: path, at: times)

        let input = try MediaInput.open(path: path)
        var tap = AnalysisTap(times: times, windowStart: 0, windowEnd: 2, shortSide: 360, orientation: .upright)
        try VideoDecoder(input: input).decode(from: 0, to: nil) { try tap.offer($0); return true }
        #expect(tap.frames.count == 2)
        for (sample, tapped) in zip(sampled, tap.frames) {
            #expect(sample.width == tapped.width && sample.height == tapped.height)
            #expect(sample.luma == tapped.luma, "at \(sample.time) the sampler and the tap disagree")
        }
        // Tone-mapped: not the raw HLG signal scaled to 8 bits (what a plain conversion gives).
        let raw = try VideoDecoder(input: MediaInput.open(path: path))
        let frame = try #require(try raw.frame(atOrAfter: 0.5))
        let plain = try FrameScaler(outputFormat: AV_PIX_FMT_GRAY8).scale(frame, width: 360, height: 640)
        #expect(plain != sampled[0].luma)
    }

    @Test("a cancelled task gets MediaError.cancelled from the sampler")
    func cancelled() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await FrameSampler.sampleFrames(path: TestData.path("live.mp4"), count: 50)
        }
        await #expect(throws: MediaError.cancelled) { try await task.value }
    }

    @Test("a time past the end gives the clip's last frame")
    func pastTheEnd() async throws {
        let frames = try await FrameSampler.sampleFrames(path: TestData.path("black.mp4"), at: [60, 1.0, 61, 2.5])
        #expect(frames.count == 4)
        for index in [0, 2, 3] {
            #expect(abs(frames[index].time - (2 - 1.0 / 30)) < 1e-3, "\(frames[index].time)")
        }
        #expect(abs(frames[1].time - 1.0) < 1e-3)
    }
}
