import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// A 20 s clip with a keyframe every second and B-frames (pyramid), as MP4 (indexed) and MPEG-TS (no index: FFmpeg
/// seeks by bisection), made once per test run.
@Suite("Sparse seeking", .enabled(if: Tool.ffmpeg.isAvailable, "needs the ffmpeg command to make a long multi-GOP clip"))
struct SparseSeekTests {
    static let clips: (mp4: String, ts: String)? = {
        guard Tool.ffmpeg.isAvailable, let dir = try? TestData.makeTemporaryDirectory() else { return nil }
        let mp4 = dir.appendingPathComponent("gop.mp4").path, ts = dir.appendingPathComponent("gop.ts").path
        do {
            try Tool.ffmpeg.runSucceeding(["-f", "lavfi", "-i", "testsrc2=s=160x96:r=30:d=20", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3",
                               "-g", "30", "-pix_fmt", "yuv420p", mp4])
            try Tool.ffmpeg.runSucceeding(["-i", mp4, "-c", "copy", "-f", "mpegts", ts])
        } catch { return nil }
        return (mp4, ts)
    }()

    /// Frame pixels (luma rows) for an exact comparison.
    static func luma(_ frame: DecodedFrame) -> [UInt8] {
        let f = frame.pointer.pointee
        var out: [UInt8] = []
        for row in 0..<Int(f.height) { out += UnsafeBufferPointer(start: f.data.0! + row * Int(f.linesize.0), count: Int(f.width)) }
        return out
    }

    @Test("sampling a long clip decodes a few GOPs, not the whole clip, and gets the same pixels as a full decode",
          arguments: [false, true])
    func sparseMatchesSequential(mpegts: Bool) throws {
        let clips = try #require(Self.clips)
        let path = mpegts ? clips.ts : clips.mp4
        let times = [2.5, 10.5, 18.52, 6.0]
        // Reference: one sequential decode of everything.
        var reference: [Double: (Double, [UInt8])] = [:]
        let full = try VideoDecoder(input: MediaInput.open(path: path))
        try full.decode(from: 0, to: nil) { frame in
            for time in times where reference[time] == nil && frame.seconds + 1e-6 >= time {
                reference[time] = (frame.seconds, Self.luma(frame))
            }
            return true
        }
        #expect(full.framesDecoded >= 599)

        let sparse = try VideoDecoder(input: MediaInput.open(path: path))
        for time in times {
            let frame = try #require(try sparse.frame(atOrAfter: time))
            let expected = try #require(reference[time])
            #expect(abs(frame.seconds - expected.0) < 1e-6, "\(time): sparse \(frame.seconds), sequential \(expected.0)")
            #expect(Self.luma(frame) == expected.1, "pixels at \(time) differ from the sequential decode")
        }
        // Each sample costs at most about one GOP (30 frames) plus decoder delay; MPEG-TS
        // may back off a few seconds when its bisection lands late.
        #expect(sparse.framesDecoded < (mpegts ? 400 : 160), "decoded \(sparse.framesDecoded) of 600 frames")
    }
}
