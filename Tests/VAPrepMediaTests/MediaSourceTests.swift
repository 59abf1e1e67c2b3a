import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// One open for the probe and every transcode of a clip.
@Suite("MediaSource")
struct MediaSourceTests {
    static let live = TestData.path("live.mp4")
    static let hlg = TestData.path("hevc-hlg.mov")   // has AAC audio

    @Test("its info is what MediaProbe reports")
    func info() async throws {
        let source = try await MediaSource.open(path: Self.live)
        #expect(source.info == (try await MediaProbe.probe(path: Self.live)))
        #expect(source.path == Self.live)
    }

    @Test("a source transcoded twice gives the bytes a fresh open gives, each time")
    func reuse() async throws {
        let source = try await MediaSource.open(path: Self.live)
        // The second window starts before where the first one left the demuxer: the reused
        // input must seek back.
        let late = TranscodeSettings(start: 3, duration: 1, outputWidth: 180, outputHeight: 320)
        let early = TranscodeSettings(start: 0.5, duration: 1, outputWidth: 180, outputHeight: 320)
        let first = try await Transcoder.transcode(source: source, settings: late)
        let second = try await Transcoder.transcode(source: source, settings: early)
        let fresh = try await Transcoder.transcode(path: Self.live, settings: early)
        #expect(first.frameCount == 30 && second.frameCount == 30 && fresh.frameCount == 30)
        #expect(abs(Double(second.mp4.count) / Double(fresh.mp4.count) - 1) < 0.02)
        // Two encodes in one process are not always byte-identical (x264 with frame threads;
        // docs/pipeline.md), so the bytes are a tracked intermittent issue; one Bool, not a diff.
        let identical = second.mp4 == fresh.mp4
        withKnownIssue("x264 output of two encodes in one process can differ", isIntermittent: true) {
            #expect(identical, "\(second.mp4.count) vs \(fresh.mp4.count) bytes")
        }
        let out = try await TranscodeOutput.inspect(second.mp4)
        #expect(out.firstFrameSeconds == 0 && out.frameCount == 30)
    }

    @Test("audio is kept on every transcode of a reused source, though each turns it off while decoding")
    func audioOnReuse() async throws {
        let source = try await MediaSource.open(path: Self.hlg)
        let settings = TranscodeSettings(start: 0, duration: 1, outputWidth: 180, outputHeight: 320, keepAudio: true)
        for _ in 0..<2 {
            let result = try await Transcoder.transcode(source: source, settings: settings)
            let out = try await TranscodeOutput.inspect(result.mp4)
            #expect(out.info.audio.first?.codec == "aac")
        }
    }

    @Test("a missing file is the typed fileNotFound error")
    func missing() async throws {
        await #expect {
            _ = try await MediaSource.open(path: "/nonexistent/clip.mp4")
        } throws: { error in
            guard case MediaError.fileNotFound = error else { return false }
            return true
        }
    }
}
