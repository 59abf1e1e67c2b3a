import CFFmpeg
import Testing
@testable import VAPrepMedia

/// The encoding half on synthetic frames: no input file, so each property of the output is
/// caused by the session alone.
@Suite("Transcode session on synthetic frames")
struct TranscodeSessionTests {
    /// Feeds `count` frames at `fps` of a moving gradient in `format` and finishes.
    static func encode(settings: TranscodeSettings, orientation: Orientation = .upright, fps: Double, count: Int,
                       width: Int = 320, height: Int = 180, format: AVPixelFormat = AV_PIX_FMT_YUV420P,
                       transfer: AVColorTransferCharacteristic = AVCOL_TRC_BT709,
                       colorspace: AVColorSpace = AVCOL_SPC_BT709,
                       value: ((Int, Int, Int, Int) -> Int)? = nil) throws -> (mp4: [UInt8], frames: Int, duration: Double) {
        let session = try TranscodeSession(settings: settings, orientation: orientation, sourceFps: fps, audio: nil)
        let depth = Int(vaprep_pix_fmt_bit_depth(format.rawValue))
        let maxValue = (1 << depth) - 1
        for i in 0..<count {
            let frame = try makeTestFrame(width: width, height: height, format: format, colorspace: colorspace,
                                          transfer: transfer) { plane, x, y in
                if let value { return value(i, plane, x, y) }
                if plane > 0 { return maxValue / 2 + 1 }
                return ((x + y + 3 * i) % 200 + 20) * maxValue / 255
            }
            defer { freeTestFrame(frame) }
            try session.add(UnsafePointer(frame), seconds: settings.start + Double(i) / fps)
        }
        let (mp4, duration) = try session.finish()
        return (mp4, session.frameCount, duration)
    }

    @Test("H.264 High yuv420p, moov first, t=0, exact frame count and duration")
    func basicOutput() async throws {
        let settings = TranscodeSettings(duration: 2, outputWidth: 320, outputHeight: 180)
        let (mp4, frames, duration) = try Self.encode(settings: settings, fps: 30, count: 60)
        #expect(frames == 60)
        #expect(abs(duration - 2) < 1e-6)
        let out = try await TranscodeOutput.inspect(mp4)
        #expect(out.info.video.codec == "h264")
        #expect(out.info.video.profile == "High")
        #expect(out.info.video.pixelFormat == "yuv420p")
        #expect(out.info.video.bitDepth == 8)
        #expect(out.decodedPixelFormat == "yuv420p")
        #expect(out.info.video.displayWidth == 320 && out.info.video.displayHeight == 180)
        #expect(out.info.video.rotation == 0 && !out.hasDisplayMatrix)
        #expect(out.frameCount == 60)
        #expect(out.firstFrameSeconds == 0)
        #expect(abs(out.info.durationSeconds - 2) <= 1.0 / 30 + 1e-3)
        #expect(out.moovBeforeMdat)
        #expect(out.topLevelBoxes.first == "ftyp")
        #expect(out.info.audio.isEmpty)
    }

    @Test("frames outside the window are dropped and t=0 is the window start")
    func windowCut() async throws {
        let settings = TranscodeSettings(start: 1, duration: 1, outputWidth: 160, outputHeight: 90)
        let session = try TranscodeSession(settings: settings, orientation: .upright, sourceFps: 25, audio: nil)
        var kept: [Double] = []
        for i in 0..<75 {   // 0 … 2.96 s
            let frame = try makeTestFrame(width: 160, height: 90, format: AV_PIX_FMT_YUV420P) { p, x, _ in p == 0 ? x : 128 }
            defer { freeTestFrame(frame) }
            if try session.add(UnsafePointer(frame), seconds: Double(i) / 25) { kept.append(Double(i) / 25) }
        }
        #expect(kept.count == 25)
        #expect(kept.first == 1.0)
        #expect(abs(kept.last! - 1.96) < 1e-9)
        let out = try await TranscodeOutput.inspect(try session.finish().mp4)
        #expect(out.frameCount == 25)
        #expect(out.firstFrameSeconds == 0)
    }

    @Test("an fps cap drops frames without retiming: 60 fps capped at 30 keeps every other frame")
    func fpsCap() async throws {
        let settings = TranscodeSettings(duration: 2, outputWidth: 320, outputHeight: 180, maxFps: 30)
        let (mp4, frames, duration) = try Self.encode(settings: settings, fps: 60, count: 120)
        #expect(frames == 60)
        #expect(abs(duration - 2) < 1e-3)
        let out = try await TranscodeOutput.inspect(mp4)
        #expect(out.frameCount == 60)
        #expect(out.info.video.fps <= 30.0001)
        // Kept frames keep their times: the last kept source frame is at 118/60 s.
        #expect(abs(out.lastFrameSeconds - 118.0 / 60) < 1e-3)
    }

    @Test("10-bit 4:2:2 input becomes 8-bit yuv420p H.264 High, never High 10")
    func tenBitInput() async throws {
        let settings = TranscodeSettings(duration: 0.5, outputWidth: 160, outputHeight: 90)
        let (mp4, frames, _) = try Self.encode(settings: settings, fps: 30, count: 15, format: AV_PIX_FMT_YUV422P10LE)
        #expect(frames == 15)
        let out = try await TranscodeOutput.inspect(mp4)
        #expect(out.info.video.profile == "High")
        #expect(out.info.video.bitDepth == 8)
        #expect(out.decodedPixelFormat == "yuv420p")
    }

    @Test("RGB input keeps its brightness through the BT.709 conversion")
    func rgbInput() async throws {
        let settings = TranscodeSettings(duration: 0.2, outputWidth: 64, outputHeight: 64)
        // Packed RGB24 grey 128: BT.709 limited luma = 16 + 219·128/255 ≈ 126.
        let session = try TranscodeSession(settings: settings, orientation: .upright, sourceFps: 10, audio: nil)
        for i in 0..<2 {
            let frame = try FrameConverter.allocateFrame(width: 64, height: 64, format: AV_PIX_FMT_RGB24)
            defer { freeTestFrame(frame) }
            for y in 0..<64 { memset(frame.pointee.data.0! + y * Int(frame.pointee.linesize.0), 128, 64 * 3) }
            try session.add(UnsafePointer(frame), seconds: Double(i) / 10)
        }
        let out = try await TranscodeOutput.inspect(try session.finish().mp4)
        #expect(abs(out.meanLuma! - 126) < 3)
    }

    @Test("a 90° orientation comes out portrait, with the picture turned clockwise")
    func rotation() async throws {
        // Stored 160x90; left half dark, right half bright. Turned 90° clockwise, the
        // stored left edge becomes the top: the top half of the output must be dark.
        let settings = TranscodeSettings(duration: 0.2, outputWidth: 90 * 2, outputHeight: 160 * 2)
        let (mp4, _, _) = try Self.encode(settings: settings, orientation: Orientation(clockwise: 90, flipped: false),
                                          fps: 10, count: 2, width: 160, height: 90) { _, plane, x, _ in
            plane > 0 ? 128 : (x < 80 ? 30 : 220)
        }
        let out = try await TranscodeOutput.inspect(mp4)
        #expect(out.info.video.displayWidth == 180 && out.info.video.displayHeight == 320)
        #expect(!out.hasDisplayMatrix)
        let top = Array(out.firstLuma[0..<(180 * 150)]), bottom = Array(out.firstLuma[(180 * 170)..<(180 * 320)])
        #expect(TranscodeFixtures.mean(top) < 60)
        #expect(TranscodeFixtures.mean(bottom) > 190)
    }

    @Test("odd or empty output sizes are refused with a message")
    func badSize() throws {
        let settings = TranscodeSettings(duration: 1, outputWidth: 321, outputHeight: 180)
        #expect(throws: MediaError.self) {
            _ = try TranscodeSession(settings: settings, orientation: .upright, sourceFps: 30, audio: nil)
        }
    }

    @Test("the VBV cap bounds the size of hard-to-code content")
    func rateCap() throws {
        // Per-frame noise is incompressible: at CRF 18 it would take megabytes.
        var seed: UInt32 = 1
        let noise: (Int, Int, Int, Int) -> Int = { _, plane, _, _ in
            if plane > 0 { return 128 }
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Int(seed >> 24)
        }
        var settings = TranscodeSettings(duration: 1, outputWidth: 320, outputHeight: 180, crf: 18)
        let free = try Self.encode(settings: settings, fps: 30, count: 30, value: noise)
        settings.maxRateBitsPerSecond = 400_000
        settings.bufferSizeBits = 400_000
        let capped = try Self.encode(settings: settings, fps: 30, count: 30, value: noise)
        // maxrate·(T + buffer/maxrate) bits, plus container overhead.
        #expect(capped.mp4.count < 400_000 * 2 / 8 + 20_000)
        #expect(free.mp4.count > capped.mp4.count * 2)
    }

    @Test("each output picture has a buffer of its own, so it can wait in a queue while the next is made")
    func picturesAreIndependent() throws {
        let settings = TranscodeSettings(duration: 1, outputWidth: 64, outputHeight: 36)
        for orientation in [Orientation.upright, Orientation(clockwise: 180, flipped: false)] {
            let session = try TranscodeSession(settings: settings, orientation: orientation, sourceFps: 10, audio: nil)
            var pictures: [OutputPicture] = []
            for (i, level) in [40, 200].enumerated() {
                let frame = try makeTestFrame(width: 64, height: 36, format: AV_PIX_FMT_YUV420P) { p, _, _ in p == 0 ? level : 128 }
                defer { freeTestFrame(frame) }
                pictures.append(try #require(try session.picture(from: UnsafePointer(frame), seconds: Double(i) / 10)))
            }
            #expect(pictures[0].frame.pointee.data.0 != pictures[1].frame.pointee.data.0)
            // The first picture still shows its own frame after the second was made.
            #expect(abs(Int(pictures[0].frame.pointee.data.0![10]) - 40) <= 2)
            #expect(abs(Int(pictures[1].frame.pointee.data.0![10]) - 200) <= 2)
            #expect(pictures.map { $0.frame.pointee.pts } == [0, 9_000])
            for picture in pictures { try session.encode(picture) }
            let (mp4, _) = try session.finish()
            #expect(!mp4.isEmpty && session.frameCount == 2)
        }
    }

    @Test("x264Params reach x264: the default and nil (the preset alone) encode differently")
    func x264Params() throws {
        var settings = TranscodeSettings(duration: 1, outputWidth: 320, outputHeight: 180)
        #expect(settings.x264Params == TranscodeSettings.fastAnalysis)
        let fast = try Self.encode(settings: settings, fps: 30, count: 30)
        settings.x264Params = nil
        let preset = try Self.encode(settings: settings, fps: 30, count: 30)
        // Different analysis, different bitstream; both valid H.264 of every frame.
        #expect(fast.mp4 != preset.mp4)
        #expect(fast.frames == 30 && preset.frames == 30)
    }
}
