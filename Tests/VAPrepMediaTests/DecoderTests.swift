import Foundation
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

@Suite("VideoDecoder")
struct DecoderTests {
    static let clip = TestData.path("live.mp4")

    @Test("decoding from 0 yields every frame: count ≈ duration × fps, times rising from ~0")
    func fullDecode() throws {
        let input = try MediaInput.open(path: Self.clip)
        let decoder = try VideoDecoder(input: input)
        var times: [Double] = []
        try decoder.decode(from: 0, to: nil) { frame in
            times.append(frame.seconds)
            #expect(frame.width == input.info.video.width && frame.height == input.info.video.height)
            return true
        }
        let expected = input.info.durationSeconds * input.info.video.fps
        #expect(abs(Double(times.count) - expected) <= 1.5, "decoded \(times.count), expected ≈ \(expected)")
        #expect(try #require(times.first) < 1e-3)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "frame times must rise")
        if let frameCount = input.info.video.frameCount { #expect(times.count == frameCount) }
    }

    @Test("a window starts at the first frame at/after start and stops before end", arguments: [0.5, 1.0, 2.37])
    func frameAccurateWindow(start: Double) throws {
        let input = try MediaInput.open(path: Self.clip)
        let decoder = try VideoDecoder(input: input)
        let frame = 1 / input.info.video.fps
        let end = start + 1.0
        var times: [Double] = []
        try decoder.decode(from: start, to: end) { times.append($0.seconds); return true }
        let first = try #require(times.first)
        #expect(first >= start - 1e-6 && first < start + frame, "first frame at \(first) for start \(start)")
        #expect(try #require(times.last) < end)
        let expected = (min(end, input.info.durationSeconds) - start) * input.info.video.fps
        #expect(abs(Double(times.count) - expected) <= 1, "\(times.count) frames, expected ≈ \(expected)")
    }

    @Test("the body can stop decoding early")
    func stopEarly() throws {
        let decoder = try VideoDecoder(input: MediaInput.open(path: Self.clip))
        var count = 0
        try decoder.decode(from: 0, to: nil) { _ in count += 1; return count < 5 }
        #expect(count == 5)
    }

    @Test("sparse access returns the first frame at/after each time, forward and backward")
    func sparseAccess() throws {
        let input = try MediaInput.open(path: Self.clip)
        let decoder = try VideoDecoder(input: input)
        let frame = 1 / input.info.video.fps
        let duration = input.info.durationSeconds
        for time in [0.62, 0.04, 0.05, 0.8, 0.3].map({ $0 * duration }) {
            let decoded = try #require(try decoder.frame(atOrAfter: time))
            #expect(decoded.seconds >= time - 1e-6 && decoded.seconds < time + frame, "\(time) → \(decoded.seconds)")
        }
        let beyond = try #require(try decoder.frame(atOrAfter: 1000))
        #expect(beyond.seconds <= input.info.durationSeconds)
    }

    @Test("a cancelled task stops decoding with MediaError.cancelled")
    func cancellation() async throws {
        let task = Task {
            let decoder = try VideoDecoder(input: MediaInput.open(path: Self.clip))
            try decoder.decode(from: 0, to: nil) { _ in
                withUnsafeCurrentTask { $0?.cancel() }
                return true
            }
        }
        await #expect(throws: MediaError.cancelled) { try await task.value }
    }
}

@Suite("VideoDecoder on damaged data")
struct DamagedDecodeTests {
    /// live.mp4 with `fraction` of its media data (after the front `moov`) overwritten by noise.
    static func damagedCopy(fraction: Double) throws -> (URL, String) {
        let dir = try TestData.makeTemporaryDirectory()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.path("live.mp4"))))
        let mdatStart = bytes.count / 10   // faststart: moov and the first sample sit before this
        let length = Int(Double(bytes.count - mdatStart) * fraction)
        let start = mdatStart + (bytes.count - mdatStart - length) / 2
        var generator = SystemRandomNumberGenerator()
        for i in start..<(start + length) { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let path = dir.appendingPathComponent("damaged.mp4").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test("a few damaged kilobytes are concealed: decoding goes on to the end")
    func smallDamage() throws {
        let (dir, path) = try Self.damagedCopy(fraction: 0.02)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MediaInput.open(path: path)
        var last = 0.0, count = 0
        try VideoDecoder(input: input).decode(from: 0, to: nil) { last = $0.seconds; count += 1; return true }
        #expect(last > input.info.durationSeconds - 0.5, "decoding stopped at \(last)")
        #expect(count > 100)
    }
}
