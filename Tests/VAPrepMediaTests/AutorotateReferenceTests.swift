import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// Our upright frames against the reference implementation of the rotation convention:
/// the ffmpeg command line's autorotate, on the same clip remuxed with each display matrix.
@Suite("Rotation matches ffmpeg's autorotate", .enabled(if: Tool.ffmpeg.isAvailable, "needs the ffmpeg command"))
struct AutorotateReferenceTests {
    @Test("every quarter turn", arguments: [0, 90, 180, 270])
    func quarterTurn(rotateTag: Int) async throws {
        let dir = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let clip = dir.appendingPathComponent("r\(rotateTag).mp4").path
        let reference = dir.appendingPathComponent("frame.gray").path
        // FFmpeg 5.1 honours the `rotate` tag on a stream-copy remux (it writes the matrix).
        try Tool.ffmpeg.runSucceeding(["-i", TestData.path("rotated.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=\(rotateTag)", clip])
        // Frame 15 = 0.5 s at 30 fps, autorotated by ffmpeg, as full-range grey like ours.
        try Tool.ffmpeg.runSucceeding(["-i", clip, "-vf", "select=eq(n\\,15),format=gray", "-frames:v", "1", "-f", "rawvideo", reference])
        let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: reference)))

        let frame = try #require(try await FrameSampler.sampleFrames(path: clip, at: [0.5], shortSide: 4096).first)
        let info = try await MediaProbe.probe(path: clip)
        #expect(frame.width == info.video.displayWidth && frame.height == info.video.displayHeight)
        #expect(frame.luma.count == expected.count, "ffmpeg's frame has a different size")
        guard frame.luma.count == expected.count else { return }
        var total = 0
        for i in expected.indices { total += abs(Int(expected[i]) - Int(frame.luma[i])) }
        let difference = Double(total) / Double(expected.count)
        #expect(difference < 1.5, "rotation \(info.video.rotation): mean difference \(difference) from ffmpeg's autorotate")
    }
}
