import CFFmpeg
import Foundation
import Synchronization
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// End to end on the committed clips: open → decode → convert → encode → MP4 in memory,
/// every output read back with FFmpeg.
@Suite("Transcoder on real clips")
struct TranscodeTests {
    static let live = TestData.path("live.mp4")          // 720x1280 H.264, 30 fps, 5 s
    static let rotated = TestData.path("rotated.mp4")    // the live clip stored 640x360, -90° matrix
    static let hlg = TestData.path("hevc-hlg.mov")       // the live clip as HEVC Main 10 HLG, 60 fps, AAC
    static let megamind = TestData.path("megamind.avi")  // MPEG-4 Part 2 + AC-3

    @Test("a window of live.mp4: size, profile, t=0, duration, moov first, analysis frames at the asked times")
    func liveWindow() async throws {
        let settings = TranscodeSettings(start: 1, duration: 2, outputWidth: 360, outputHeight: 640,
                                         analysisTimes: [1.5, 2.5, 9])
        let result = try await Transcoder.transcode(path: Self.live, settings: settings)
        #expect(result.frameCount == 60)
        #expect(abs(result.durationSeconds - 2) <= 1.0 / 30 + 1e-6)
        let out = try await TranscodeOutput.inspect(result.mp4)
        #expect(out.info.video.codec == "h264" && out.info.video.profile == "High")
        #expect(out.info.video.pixelFormat == "yuv420p" && out.info.video.bitDepth == 8)
        #expect(out.info.video.displayWidth == 360 && out.info.video.displayHeight == 640)
        #expect(!out.hasDisplayMatrix)
        #expect(out.frameCount == 60)
        #expect(out.firstFrameSeconds == 0)
        #expect(abs(out.info.durationSeconds - 2) <= 1.0 / 30 + 1e-3)
        #expect(out.moovBeforeMdat)
        #expect(out.info.video.colorMatrix == "bt709")
        // 9 s is outside the window: no frame for it.
        #expect(result.analysisFrames.count == 2)
        for (frame, asked) in zip(result.analysisFrames, [1.5, 2.5]) {
            #expect(frame.time >= asked - 1e-6 && frame.time < asked + 1.0 / 30)
            #expect(frame.width == 360 && frame.height == 640)
            #expect(frame.luma.count == 360 * 640)
        }
    }

    @Test("the cut is frame-accurate: the first output frame is the source frame at the window start")
    func frameAccurateCut() async throws {
        // No scaling, so the output can be compared with decoded source frames directly.
        let settings = TranscodeSettings(start: 1, duration: 0.5, outputWidth: 720, outputHeight: 1280, crf: 12)
        let result = try await Transcoder.transcode(path: Self.live, settings: settings)
        let out = try await TranscodeOutput.inspect(result.mp4)
        #expect(out.frameCount == 15)

        let input = try MediaInput.open(path: Self.live)
        let decoder = try VideoDecoder(input: input)
        var distances: [Int: Double] = [:]
        var index = 0
        while let frame = try decoder.nextFrame(), index <= 31 {
            if index >= 29 {
                var sum = 0.0
                let f = frame.pointer.pointee
                for y in 0..<1280 {
                    let row = f.data.0! + y * Int(f.linesize.0)
                    for x in 0..<720 { sum += abs(Double(row[x]) - Double(out.firstLuma[y * 720 + x])) }
                }
                distances[index] = sum / (720 * 1280)
            }
            index += 1
        }
        // Frame 30 is at exactly 1.0 s; its neighbours differ by the clip's motion.
        #expect(distances[30]! < distances[29]!)
        #expect(distances[30]! < distances[31]!)
        #expect(distances[30]! < 2)
    }

    @Test("rotated.mp4 comes out portrait, upright like the clip it was made from, with no matrix")
    func rotatedClip() async throws {
        let portrait = TranscodeSettings(start: 0, duration: 1, outputWidth: 360, outputHeight: 640)
        let fromRotated = try await TranscodeOutput.inspect(try await Transcoder.transcode(path: Self.rotated, settings: portrait).mp4)
        let fromLive = try await TranscodeOutput.inspect(try await Transcoder.transcode(path: Self.live, settings: portrait).mp4)
        #expect(fromRotated.info.video.displayWidth == 360 && fromRotated.info.video.displayHeight == 640)
        #expect(fromRotated.info.video.width == 360 && fromRotated.info.video.height == 640)
        #expect(fromRotated.info.video.rotation == 0 && !fromRotated.hasDisplayMatrix)
        let same = meanAbsoluteDifference(fromRotated.firstLuma, fromLive.firstLuma)
        let upsideDown = meanAbsoluteDifference(fromRotated.firstLuma, fromLive.firstLuma.reversed())
        #expect(same < 8)
        #expect(upsideDown > same * 3)
    }

    @Test("HEVC Main 10 HLG becomes 8-bit H.264 High, tone-mapped to about the SDR clip's brightness")
    func hlgClip() async throws {
        var settings = TranscodeSettings(start: 0, duration: 2, outputWidth: 360, outputHeight: 640, maxFps: 30,
                                         analysisTimes: [0.5, 1.5])
        let result = try await Transcoder.transcode(path: Self.hlg, settings: settings)
        let out = try await TranscodeOutput.inspect(result.mp4)
        #expect(out.info.video.codec == "h264" && out.info.video.profile == "High")
        #expect(out.info.video.bitDepth == 8 && out.decodedPixelFormat == "yuv420p")
        #expect(out.info.video.colorTransfer == "bt709")
        #expect(out.info.video.fps <= 30.0001)
        #expect(out.frameCount == 60)

        // The HLG clip is the SDR live clip converted to HLG. zscale authored it with SDR
        // white at 100 cd/m², a stop below BT.2408's 203 that the tone mapper assumes (and
        // iPhones use), so the mapped picture is expected somewhat darker than the SDR
        // original — as with ffmpeg's zscale(npl=100)+tonemap=hable recipe (mean 88 vs our 81
        // on this clip) — but never brighter and flatter than it: that is "washed out".
        settings.maxFps = nil
        let sdr = try await Transcoder.transcode(path: Self.live, settings: settings)
        #expect(result.analysisFrames.count == 2 && sdr.analysisFrames.count == 2)
        let untreated = try untreatedLuma(path: Self.hlg, at: [0.5, 1.5])
        for ((hdrFrame, sdrFrame), raw) in zip(zip(result.analysisFrames, sdr.analysisFrames), untreated) {
            let hdrMean = TranscodeFixtures.mean(hdrFrame.luma), sdrMean = TranscodeFixtures.mean(sdrFrame.luma)
            #expect(hdrMean > 0.5 * sdrMean && hdrMean < 1.1 * sdrMean, "tone-mapped mean luma \(hdrMean) vs SDR \(sdrMean)")
            #expect(contrast(hdrFrame.luma) > 0.6 * contrast(sdrFrame.luma))
            #expect(contrast(hdrFrame.luma) > contrast(raw), "more contrast than HLG shown as BT.709")
        }
    }

    /// Luma of the HLG frames shown as if they were BT.709 (no tone mapping): the decoded
    /// 10-bit limited-range Y plane, stretched to full-range 8-bit like the analysis luma.
    func untreatedLuma(path: String, at times: [Double]) throws -> [[UInt8]] {
        let input = try MediaInput.open(path: path)
        let decoder = try VideoDecoder(input: input)
        return try times.map { time in
            let frame = try #require(try decoder.frame(atOrAfter: time))
            let f = frame.pointer.pointee
            #expect(frame.pixelFormat == AV_PIX_FMT_YUV420P10LE)
            var luma: [UInt8] = []
            for y in 0..<frame.height {
                let row = UnsafeRawPointer(f.data.0! + y * Int(f.linesize.0)).assumingMemoryBound(to: UInt16.self)
                for x in 0..<frame.width {
                    luma.append(UInt8(min(max((Double(row[x]) / 4 - 16) * 255 / 219, 0), 255).rounded()))
                }
            }
            return luma
        }
    }

    @Test("keepAudio copies AAC audio of the window")
    func keepAACAudio() async throws {
        let settings = TranscodeSettings(start: 0.5, duration: 1, outputWidth: 360, outputHeight: 640, maxFps: 30, keepAudio: true)
        let result = try await Transcoder.transcode(path: Self.hlg, settings: settings)
        let out = try await TranscodeOutput.inspect(result.mp4)
        #expect(out.info.audio.map(\.codec) == ["aac"])
        #expect(out.info.audio.first?.sampleRate == 48_000)
        #expect(abs(out.info.durationSeconds - 1) < 0.1)
        #expect(out.moovBeforeMdat)
        // Without keepAudio the output has none.
        var silent = settings
        silent.keepAudio = false
        let none = try await TranscodeOutput.inspect(try await Transcoder.transcode(path: Self.hlg, settings: silent).mp4)
        #expect(none.info.audio.isEmpty)
    }

    @Test("keepAudio with non-AAC audio (AC-3 in AVI) drops the audio and still delivers the video")
    func keepNonAACAudio() async throws {
        let settings = TranscodeSettings(start: 0, duration: 2, outputWidth: 360, outputHeight: 264, keepAudio: true)
        let result = try await Transcoder.transcode(path: Self.megamind, settings: settings)
        let out = try await TranscodeOutput.inspect(result.mp4)
        #expect(out.info.audio.isEmpty)
        #expect(out.info.video.codec == "h264")
        #expect(out.frameCount == result.frameCount && result.frameCount >= 47)
    }

    @Test("progress rises to 1")
    func progress() async throws {
        let seen = Mutex<[Double]>([])
        let settings = TranscodeSettings(start: 0, duration: 1, outputWidth: 180, outputHeight: 320)
        _ = try await Transcoder.transcode(path: Self.live, settings: settings) { f in seen.withLock { $0.append(f) } }
        let values = seen.withLock { $0 }
        #expect(values.count > 5)
        #expect(values == values.sorted())
        #expect(values.last == 1)
    }

    @Test("cancelling mid-way throws MediaError.cancelled")
    func cancellation() async throws {
        // The cancel is issued from the progress callback itself (the transcoder's worker
        // thread), once a tenth of the frames are done: a polling task could be starved on a
        // loaded machine and only get to cancel after the transcode had finished.
        let handle = Mutex<Task<TranscodeResult, Error>?>(nil)
        let gate = DispatchSemaphore(value: 0)
        let settings = TranscodeSettings(start: 0, duration: 5, outputWidth: 720, outputHeight: 1280, crf: 10)
        let task = Task {
            gate.wait()
            return try await Transcoder.transcode(path: Self.live, settings: settings) { f in
                if f > 0.1 { handle.withLock { $0?.cancel() } }
            }
        }
        handle.withLock { $0 = task }
        gate.signal()
        await #expect(throws: MediaError.cancelled) { _ = try await task.value }
    }

    @Test("a missing file and a window past the end are typed errors")
    func errors() async throws {
        let settings = TranscodeSettings(start: 0, duration: 1, outputWidth: 360, outputHeight: 640)
        await #expect(throws: MediaError.fileNotFound("/nonexistent/clip.mp4")) {
            _ = try await Transcoder.transcode(path: "/nonexistent/clip.mp4", settings: settings)
        }
        var late = settings
        late.start = 60
        await #expect(throws: MediaError.self) { _ = try await Transcoder.transcode(path: Self.live, settings: late) }
        var empty = settings
        empty.duration = 0
        await #expect(throws: MediaError.self) { _ = try await Transcoder.transcode(path: Self.live, settings: empty) }
    }
}

func meanAbsoluteDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double where A.Element == UInt8, B.Element == UInt8 {
    var sum = 0.0, n = 0
    for (x, y) in zip(a, b) { sum += abs(Double(x) - Double(y)); n += 1 }
    return n == 0 ? .infinity : sum / Double(n)
}

/// Standard deviation of the pixels: flat, washed-out pictures have little.
func contrast(_ pixels: [UInt8]) -> Double {
    let mean = TranscodeFixtures.mean(pixels)
    let variance = pixels.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(max(1, pixels.count))
    return variance.squareRoot()
}
