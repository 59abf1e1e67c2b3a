import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// The window search's keyframe reads: a keyframe several sample times land on is decoded
/// once, the others cost a seek and a packet read.
@Suite("Keyframe search decodes each keyframe once",
       .enabled(if: Tool.ffmpeg.isAvailable, "needs the ffmpeg command to make a long multi-GOP clip"))
struct KeyframeSearchDecodeTests {
    @Test("times on one keyframe decode it once; a new keyframe is decoded")
    func repeatedKeyframeIsNotDecodedAgain() throws {
        // A keyframe every second (-g 30 at 30 fps), 20 s.
        let path = try #require(SparseSeekTests.clips).mp4
        let decoder = try VideoDecoder(input: MediaInput.open(path: path), threads: 1)
        var seen = Set<Int64>()
        func keyframe(atOrBefore seconds: Double) throws -> DecodedFrame? {
            guard let key = try decoder.keyPacket(atOrBefore: seconds, isNew: { seen.insert($0).inserted }) else { return nil }
            return try decoder.decodeAlone(key)
        }
        let first = try #require(try keyframe(atOrBefore: 2.2))
        #expect(abs(first.seconds - 2) < 1e-6)
        #expect(decoder.framesDecoded == 1)
        // 2.5 and 2.9 s land on the same keyframe at 2 s: not decoded again.
        #expect(try keyframe(atOrBefore: 2.5) == nil)
        #expect(try keyframe(atOrBefore: 2.9) == nil)
        #expect(decoder.framesDecoded == 1)
        // The next keyframe is new and decoded, after the skipped ones left the decoder at its end.
        let next = try #require(try keyframe(atOrBefore: 5.5))
        #expect(abs(next.seconds - 5) < 1e-6)
        #expect(decoder.framesDecoded == 2)
        #expect(seen.count == 2)
    }

    @Test("the search's keyframes: one per distinct keyframe, in time order, each at its own time")
    func sourceKeyframesOncePerKeyframe() async throws {
        let path = try #require(SparseSeekTests.clips).mp4
        let source = try await MediaSource.open(path: path)
        let frames = try await source.keyframes(near: [5.5, 2.2, 2.9, 5.1, 11.0])
        #expect(frames.map { ($0.time * 1000).rounded() / 1000 } == [2, 5, 11])
        // The same pictures as decoding each time on its own (no skipping).
        for frame in frames {
            let alone = try await source.keyframes(near: [frame.time + 0.4])
            #expect(alone.count == 1 && alone[0] == frame)
        }
    }

    @Test("decoded on several decoders at once: the same pictures as one decoder decoding them in turn")
    func parallelDecodesMatchOneDecoder() async throws {
        let clips = try #require(SparseSeekTests.clips)
        for path in [clips.mp4, clips.ts] {
            let times = (0..<12).map { Double($0) * 1.6 + 0.3 }
            let source = try await MediaSource.open(path: path)
            let frames = try await source.keyframes(near: times)

            let input = try MediaInput.open(path: path)
            let decoder = try VideoDecoder(input: input, threads: 1)
            let converter = AnalysisFrameConverter(input: input)
            var seen = Set<Int64>()
            var inTurn: [AnalysisFrame] = []
            for time in times {
                if let key = try decoder.keyPacket(atOrBefore: time, isNew: { seen.insert($0).inserted }),
                   let frame = try decoder.decodeAlone(key) {
                    inTurn.append(try converter.convert(frame))
                }
            }
            #expect(frames.count == 12)
            #expect(frames == inTurn, "\(path)")
        }
    }

    @Test("a cancelled source stops the keyframe decodes with the cancellation error")
    func cancelledKeyframes() async throws {
        let path = try #require(SparseSeekTests.clips).mp4
        let source = try await MediaSource.open(path: path)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await source.keyframes(near: (0..<20).map(Double.init))
        }
        await #expect(throws: MediaError.cancelled) { try await task.value }
    }

    @Test("keyframes at known times are left out, the others decoded as before")
    func knownKeyframesAreSkipped() async throws {
        let path = try #require(SparseSeekTests.clips).mp4
        let source = try await MediaSource.open(path: path)
        let all = try await source.keyframes(near: [2.2, 5.5, 11.0])
        let rest = try await source.keyframes(near: [2.2, 5.5, 11.0], known: [all[0].time, 7])
        #expect(all.count == 3)
        #expect(rest == Array(all.dropFirst()))
    }
}
