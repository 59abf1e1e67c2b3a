import Foundation
import Testing
@testable import VAPrepPayload

@Suite("Streaming encoder: any split gives the one-shot output", .serialized)
struct StreamEncoderTests {
    @Test("every two-chunk split of every input up to 100 bytes, plain and escaped")
    func everySplitPoint() {
        let source = randomBytes(100, seed: 21)
        for length in 0...100 {
            let input = Array(source[..<length])
            let plain = foundationBase64(input)
            let escaped = FormEscaper.encodeEscaped(input)
            for split in 0...length {
                #expect(streamEncode(input, chunks: [split, length - split]) == plain, "length \(length) split \(split)")
                #expect(streamEncode(input, chunks: [split, length - split], formEscaped: true) == escaped, "escaped length \(length) split \(split)")
            }
        }
    }

    @Test("every three-chunk split of inputs up to 30 bytes, on every kernel")
    func everyThreeWaySplit() throws {
        let source = randomBytes(30, seed: 22)
        try forEachKernel { kernel in
            for length in 0...30 {
                let input = Array(source[..<length])
                let plain = foundationBase64(input)
                for a in 0...length {
                    for b in 0...(length - a) {
                        let chunks = [a, b, length - a - b]
                        if streamEncode(input, chunks: chunks) != plain {
                            Issue.record("kernel \(kernel) length \(length) chunks \(chunks)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test("chunks of 0, 1 and 2 bytes carry correctly")
    func tinyChunks() {
        let input = randomBytes(200, seed: 23)
        var sizes: [Int] = []
        var left = input.count
        var pattern = [0, 1, 2, 1, 0, 2, 2, 1]
        while left > 0 {
            let size = min(left, pattern[0])
            sizes.append(size)
            left -= size
            pattern.append(pattern.removeFirst())
        }
        #expect(streamEncode(input, chunks: sizes) == foundationBase64(input))
    }

    @Test("random splits of large inputs on every kernel, plain and escaped")
    func randomSplitsLarge() throws {
        let input = randomBytes(2 * 1024 * 1024 + 2, seed: 24)
        let plain = foundationBase64(input)
        let escaped = FormEscaper.encodeEscaped(input)
        var generator = SplitMix64(seed: 25)
        try forEachKernel { kernel in
            for round in 0..<3 {
                var sizes: [Int] = []
                var left = input.count
                while left > 0 {
                    let size = min(left, Int.random(in: 0...(round == 0 ? 100 : 200_000), using: &generator))
                    sizes.append(size)
                    left -= size
                }
                #expect(streamEncode(input, chunks: sizes) == plain, "kernel \(kernel) round \(round)")
                #expect(streamEncode(input, chunks: sizes, formEscaped: true) == escaped, "escaped kernel \(kernel) round \(round)")
            }
        }
    }

    @Test("writes only into the caller's buffer and reports the carry")
    func callerBuffer() {
        var encoder = Base64StreamEncoder()
        let input = randomBytes(10, seed: 26)
        let room = encoder.maxOutputLength(forInputLength: input.count)
        #expect(room == 12)
        var buffer = [UInt8](repeating: 0xAA, count: room + 4)
        let written = input.withUnsafeBytes { i in buffer.withUnsafeMutableBytes { encoder.encode(i, into: $0) } }
        #expect(written == 12)
        #expect(encoder.carriedByteCount == 1)
        #expect(buffer[12...].allSatisfy { $0 == 0xAA })
        let tail = buffer.withUnsafeMutableBytes { encoder.finish(into: $0) }
        #expect(tail == 4)
        #expect(String(decoding: buffer[..<4], as: UTF8.self).hasSuffix("=="))
        #expect(encoder.carriedByteCount == 0)
    }

    @Test("finish resets the encoder for a new stream; finish with no carry writes nothing")
    func reuse() {
        var encoder = Base64StreamEncoder(formEscaped: true)
        var first: [UInt8] = []
        encoder.encode([0xFF], appendingTo: &first)
        #expect(first.isEmpty)
        encoder.finish(appendingTo: &first)
        #expect(String(decoding: first, as: UTF8.self) == "%2Fw%3D%3D")
        var second: [UInt8] = []
        encoder.encode([1, 2, 3], appendingTo: &second)
        encoder.finish(appendingTo: &second)
        #expect(String(decoding: second, as: UTF8.self) == "AQID")
    }
}
