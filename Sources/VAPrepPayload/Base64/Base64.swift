internal import CVAPrepBase64
import Foundation

/// One-shot standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding, no line breaks).
///
/// ```swift
/// let text = Base64.encode(mp4Bytes)            // [UInt8] of ASCII
/// let back = try Base64.decode(text)            // == mp4Bytes
/// ```
///
/// Encoding runs on the fastest SIMD kernel the CPU has (see ``Base64Kernel``). For data that
/// arrives in pieces, or to avoid holding the whole text, use ``Base64StreamEncoder`` or
/// ``Base64ChunkSequence``.
public enum Base64 {
    /// Length of the base64 text for `byteCount` input bytes, padding included.
    public static func encodedLength(byteCount: Int) -> Int {
        precondition(byteCount >= 0, "byteCount must not be negative")
        return (byteCount + 2) / 3 * 4
    }

    /// Encodes into a caller-owned buffer, which must hold ``encodedLength(byteCount:)`` bytes.
    /// Returns the number of bytes written (exactly that length). No allocation: this is the
    /// form to use in a loop over many buffers.
    @discardableResult
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        let needed = encodedLength(byteCount: bytes.count)
        precondition(output.count >= needed, "output holds \(output.count) bytes; base64 of \(bytes.count) bytes needs \(needed)")
        guard needed > 0 else { return 0 }
        return vaprep_b64_encode(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count,
                                 output.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// Encodes bytes to base64 ASCII bytes.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: encodedLength(byteCount: bytes.count)) { buffer, count in
            count = encode(bytes, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Encodes bytes to base64 ASCII bytes.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Encodes bytes to base64 ASCII bytes.
    public static func encode(_ data: Data) -> [UInt8] {
        data.withUnsafeBytes { encode($0) }
    }

    /// Encodes bytes to a base64 `String`.
    public static func encodeToString(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { input in
            String(unsafeUninitializedCapacity: encodedLength(byteCount: input.count)) { buffer in
                encode(input, into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }

    /// Decodes standard, padded base64, strictly: the length must be a multiple of 4, only the
    /// alphabet and up to two trailing `=` may appear, and the bits under the padding must be
    /// zero. No whitespace, no URL-safe alphabet.
    /// - Throws: ``Base64DecodingError`` saying what is wrong and where.
    public static func decode(_ text: UnsafeRawBufferPointer) throws(Base64DecodingError) -> [UInt8] {
        var result: Int32 = 0
        var offset = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3) { buffer, count in
            guard let input = text.baseAddress, let output = buffer.baseAddress else { count = 0; result = text.count % 4 == 0 ? 0 : Int32(VAPREP_B64_ERR_LENGTH); offset = text.count; return }
            var written = 0
            result = vaprep_b64_decode(input.assumingMemoryBound(to: UInt8.self), text.count, output, &written, &offset)
            count = result == 0 ? written : 0
        }
        switch result {
        case Int32(VAPREP_B64_OK): return bytes
        case Int32(VAPREP_B64_ERR_LENGTH): throw Base64DecodingError(reason: .length, offset: offset)
        case Int32(VAPREP_B64_ERR_PADDING): throw Base64DecodingError(reason: .padding, offset: offset)
        default: throw Base64DecodingError(reason: .character(text[offset]), offset: offset)
        }
    }

    /// Decodes base64 ASCII bytes; see ``decode(_:)-(UnsafeRawBufferPointer)``.
    public static func decode(_ text: [UInt8]) throws(Base64DecodingError) -> [UInt8] {
        let result = text.withUnsafeBytes { raw in Result { () throws(Base64DecodingError) in try decode(raw) } }
        return try result.get()
    }

    /// Decodes a base64 string; see ``decode(_:)-(UnsafeRawBufferPointer)``.
    public static func decode(_ text: String) throws(Base64DecodingError) -> [UInt8] {
        try decode(Array(text.utf8))
    }
}

/// Why base64 text could not be decoded.
public struct Base64DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The text length is not a multiple of 4 (truncated, or padding stripped).
        case length
        /// A byte outside `A–Z a–z 0–9 + /` (e.g. whitespace, `-`/`_` of base64url, or a still
        /// percent-encoded `%`).
        case character(UInt8)
        /// `=` before the last two places, or non-zero bits under the padding.
        case padding
    }
    /// What is wrong.
    public let reason: Reason
    /// Byte offset in the text where the problem is (the text length for `.length`).
    public let offset: Int

    public var description: String {
        switch reason {
        case .length:
            "Base64 text of \(offset) bytes is not a multiple of 4; it is truncated or its '=' padding was removed."
        case .character(let byte):
            "Byte 0x\(String(byte, radix: 16)) at offset \(offset) is not in the standard base64 alphabet; percent-decode form values and do not use base64url or line breaks."
        case .padding:
            "Bad '=' padding at offset \(offset): '=' may only end the text (at most two), and the bits it covers must be zero."
        }
    }
}
