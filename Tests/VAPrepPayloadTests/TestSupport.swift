import Foundation
@testable import VAPrepPayload

/// Deterministic bytes, so a failure names a reproducible input.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    var out = [UInt8](repeating: 0, count: count)
    var i = 0
    while i < count {
        var word = generator.next()
        for _ in 0..<8 where i < count {
            out[i] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            i += 1
        }
    }
    return out
}

/// The reference: Foundation's encoder.
func foundationBase64(_ bytes: [UInt8]) -> [UInt8] {
    Array(Data(bytes).base64EncodedString().utf8)
}

/// Form-decodes the way a server does (percent-decoding), then base64-decodes with Foundation,
/// an implementation independent of ours.
func formDecode(_ escaped: [UInt8]) -> [UInt8]? {
    guard let text = String(bytes: escaped, encoding: .ascii),
          let unescaped = text.removingPercentEncoding,
          let data = Data(base64Encoded: unescaped) else { return nil }
    return [UInt8](data)
}

/// Runs `body` once per kernel this machine supports (scalar included), then restores .auto.
/// Kernel choice is process-wide; every kernel produces identical output, so tests running in
/// parallel still see correct results whichever kernel is active.
func forEachKernel(_ body: (Base64Kernel) throws -> Void) throws {
    defer { try? Base64Kernel.force(.auto) }
    for kernel in Base64Kernel.supported {
        try Base64Kernel.force(kernel)
        try body(kernel)
    }
}

/// Encodes `input` with a stream encoder fed in the given chunk sizes.
func streamEncode(_ input: [UInt8], chunks: [Int], formEscaped: Bool = false) -> [UInt8] {
    var encoder = Base64StreamEncoder(formEscaped: formEscaped)
    var out: [UInt8] = []
    var offset = 0
    for size in chunks {
        encoder.encode(Array(input[offset..<offset + size]), appendingTo: &out)
        offset += size
    }
    precondition(offset == input.count)
    encoder.finish(appendingTo: &out)
    return out
}
