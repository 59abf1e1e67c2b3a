import VAPrepTestSupport
import Foundation
import Testing
@testable import VAPrepMedia

/// Uploads cut short: refused as `truncated` with the time the data stops, at open when the
/// container's index shows it, while decoding otherwise; never analysed on a repeated frame.
@Suite("Truncated uploads")
struct TruncationTests {
    static func cut(_ path: String, fraction: Double, as name: String, in dir: URL) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let out = dir.appendingPathComponent(name).path
        try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: out))
        return out
    }

    @Test("an MP4 with moov first cut at 40 % is truncated at open, naming where it stops")
    func moovFirstCut() async throws {
        let dir = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.cut(TestData.path("live.mp4"), fraction: 0.4, as: "cut.mp4", in: dir)
        let error = await #expect(throws: MediaError.self) { try await MediaProbe.probe(path: path) }
        guard case .truncated(let at, let declared) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(at > 0.5 && at < 3.5, "stops at \(at)")
        #expect(abs(declared - 5) < 0.1)
        #expect(error?.isInputProblem == true)
        #expect(error?.description.contains("it was probably cut short during upload — send it again") == true)
        // The same bytes in memory.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        await #expect(throws: MediaError.truncated(atSeconds: at, ofSeconds: declared)) {
            try await MediaProbe.probe(bytes: bytes)
        }
    }

    @Test("a cut Matroska file (no index) is truncated when sampled or transcoded, never sampled on a repeated frame",
          .enabled(if: Tool.ffmpeg.isAvailable))
    func cutMatroska() async throws {
        let dir = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.mkv").path
        _ = try Tool.ffmpeg.runSucceeding(["-i", TestData.path("live.mp4"), "-c", "copy", whole])
        let path = try Self.cut(whole, fraction: 0.4, as: "cut.mkv", in: dir)
        let info = try await MediaProbe.probe(path: path)
        #expect(abs(info.durationSeconds - 5) < 0.1, "Matroska declares the full duration in its header")
        let sampled = await #expect(throws: MediaError.self) { try await FrameSampler.sampleFrames(path: path, count: 8) }
        guard case .truncated(let at, let declared) = sampled else { Issue.record("\(String(describing: sampled))"); return }
        #expect(at > 0.5 && at < 3.5 && abs(declared - 5) < 0.1, "\(at) of \(declared)")
        let settings = TranscodeSettings(duration: 5, outputWidth: 360, outputHeight: 640)
        let transcoded = await #expect(throws: MediaError.self) { try await Transcoder.transcode(path: path, settings: settings) }
        guard case .truncated = transcoded else { Issue.record("\(String(describing: transcoded))"); return }
        // The uncut file passes both.
        _ = try await FrameSampler.sampleFrames(path: whole, count: 8)
        _ = try await Transcoder.transcode(path: whole, settings: settings)
    }

    @Test("every committed clip decodes to its declared end (no false truncation)", arguments: [
        "live.mp4", "rotated.mp4", "hevc-hlg.mov", "megamind.avi", "black.mp4", "blurred.mp4", "bright.mp4",
        "dark.mp4", "noface.mp4", "replay.mp4",
    ])
    func committedClips(name: String) async throws {
        let path = TestData.path(name)
        let info = try await MediaProbe.probe(path: path)
        let times = FrameSampler.evenlySpacedTimes(count: 8, duration: info.durationSeconds)
        let frames = try await FrameSampler.sampleFrames(path: path, at: times + [info.durationSeconds])
        #expect(frames.count == 9)
    }
}
