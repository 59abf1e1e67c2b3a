import VAPrepTestSupport
import CFFmpeg
import Foundation
import Testing
@testable import VAPrepMedia

/// Exit codes follow the cause: FFmpeg codes on the reading side are the input's problem
/// (exit 3) unless no data can cause them; the writing side is internal (exit 4).
@Suite("FFmpeg error classification")
struct ErrorClassTests {
    @Test("reading-side codes caused by data are input problems", arguments: [
        vaprep_averror_invaliddata(), vaprep_averror_eof(), vaprep_averror(EIO), vaprep_averror(EINVAL),
        vaprep_averror(ERANGE), vaprep_averror_patchwelcome(),
    ])
    func dataCodes(code: Int32) {
        let error = MediaError.reading("decode a packet", code)
        guard case .corrupt(let detail) = error else { Issue.record("\(error)"); return }
        #expect(detail.contains("decode a packet"))
        #expect(error.isInputProblem)
    }

    @Test("out of memory, EAGAIN and FFmpeg's bug codes are internal on the reading side", arguments: [
        vaprep_averror(ENOMEM), vaprep_averror_eagain(), vaprep_averror_bug(), vaprep_averror_bug2(),
    ])
    func internalCodes(code: Int32) {
        let error = MediaError.reading("decode a packet", code)
        guard case .ffmpeg(_, let kept, _) = error else { Issue.record("\(error)"); return }
        #expect(kept == code)
        #expect(!error.isInputProblem)
    }

    @Test("the writing side (encoder, muxer) is internal whatever the code")
    func writing() {
        #expect(!MediaError.ffmpeg("avcodec_send_frame", vaprep_averror_invaliddata()).isInputProblem)
        #expect(!MediaError.ffmpeg("av_interleaved_write_frame", vaprep_averror(EINVAL)).isInputProblem)
    }

    @Test("truncated, limits and corrupt are input problems; cancelled is not")
    func cases() {
        #expect(MediaError.truncated(atSeconds: 1.52, ofSeconds: 4).isInputProblem)
        #expect(MediaError.truncated(atSeconds: 1.52, ofSeconds: 4).description
            == "The file stops at 1.52 s of 4.00 s; it was probably cut short during upload — send it again.")
        #expect(MediaError.limitExceeded(limit: "decodedPixels", value: "1", max: "0").isInputProblem)
        #expect(!MediaError.cancelled.isInputProblem)
    }

    @Test("a corrupt file's message names what is wrong and the remedy for that cause", .enabled(if: HostileMedia.available))
    func corruptAdvice() async throws {
        // A value no camera writes: sending the same bytes again cannot help.
        let tick = await #expect(throws: MediaError.self) {
            try await MediaProbe.probe(path: HostileMedia.path("mp4-timescale-2p31-1tick.mp4"))
        }
        let impossible = tick?.description ?? ""
        #expect(impossible.contains("frame rate 2147483647/1") && impossible.contains("No camera writes"), "\(impossible)")
        #expect(!impossible.contains("truncated"), "\(impossible)")
        // Data that cannot be read (moov missing): a cut copy is the likely cause.
        let cut = await #expect(throws: MediaError.self) {
            try await MediaProbe.probe(path: TestData.path("hostile/truncated.mp4"))
        }
        let unreadable = cut?.description ?? ""
        #expect(unreadable.contains("could not be read") && unreadable.contains("may be truncated"), "\(unreadable)")
        #expect(!unreadable.contains("No camera"), "\(unreadable)")
        #expect(cut?.isInputProblem == true && tick?.isInputProblem == true)
    }

    @Test("a corrupt packet mid-transcode is an input problem", .enabled(if: HostileMedia.available))
    func corruptTranscode() async throws {
        // Every byte of the media data after the first keyframe replaced: decoding fails on data.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.path("live.mp4"))))
        for index in stride(from: bytes.count / 3, to: bytes.count, by: 1) { bytes[index] = 0xFF }
        let dir = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("corrupt.mp4").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: MediaError.self) {
            try await Transcoder.transcode(path: path, settings: TranscodeSettings(duration: 5, outputWidth: 360,
                                                                                     outputHeight: 640))
        }
        #expect(error?.isInputProblem == true, "\(String(describing: error))")
    }
}
