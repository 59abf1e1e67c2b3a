internal import CVAPrepBase64

/// Base64 for an `application/x-www-form-urlencoded` body, where `+` would mean a space.
///
/// The three base64 characters that are not form-safe are percent-encoded: `+` → `%2B`,
/// `/` → `%2F`, `=` → `%3D`. The fused encoder does base64 and escaping in one SIMD pass, and
/// ``escapedBase64Length(of:)`` gives the exact size first (for `Content-Length`) with a count of
/// `+` and `/` taken straight from the input bytes, without producing any base64 text.
///
/// ```swift
/// let length = FormEscaper.escapedBase64Length(of: bytes)   // exact
/// let body = FormEscaper.encodeEscaped(bytes)               // body.count == length
/// ```
public enum FormEscaper {
    /// Exact length of the escaped base64 of `bytes`.
    ///
    /// Every `+` or `/` grows from 1 to 3 bytes, as does each `=`; their number depends on the
    /// data (about 1 in 32 characters for random bytes), so it is counted, at several GB/s.
    public static func escapedBase64Length(of bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        let specials = vaprep_b64_count_plus_slash(base.assumingMemoryBound(to: UInt8.self), bytes.count)
        return escapedLength(byteCount: bytes.count, plusSlashCount: specials)
    }

    /// Exact length of the escaped base64 of `bytes`.
    public static func escapedBase64Length(of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { escapedBase64Length(of: $0) }
    }

    /// Escaped length from the input size and the count of `+`/`/` in its base64.
    static func escapedLength(byteCount: Int, plusSlashCount: Int) -> Int {
        let padding = (3 - byteCount % 3) % 3
        return Base64.encodedLength(byteCount: byteCount) + 2 * plusSlashCount + 2 * padding
    }

    /// Number of `+` and `/` characters in the base64 of `bytes`, counted from the input.
    public static func plusSlashCount(of bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return vaprep_b64_count_plus_slash(base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// Worst-case escaped length (every character escaped): a buffer this big never needs the
    /// exact count first.
    public static func maxEscapedBase64Length(byteCount: Int) -> Int {
        Base64.encodedLength(byteCount: byteCount) * 3
    }

    /// Encodes and escapes in one pass into `output`, returning the bytes written.
    ///
    /// `output` must hold at least ``escapedBase64Length(of:)`` bytes. Capacity beyond that lets
    /// the SIMD kernel use full-width stores to the very end; with a tight buffer its last blocks
    /// take the exact scalar path.
    @discardableResult
    public static func encodeEscaped(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        guard let input = bytes.baseAddress, bytes.count > 0 else { return 0 }
        if output.count < maxEscapedBase64Length(byteCount: bytes.count) {
            let exact = escapedBase64Length(of: bytes)
            precondition(output.count >= exact, "output holds \(output.count) bytes; the escaped base64 of \(bytes.count) bytes is \(exact)")
        }
        return vaprep_b64_encode_escaped(input.assumingMemoryBound(to: UInt8.self), bytes.count,
                                         output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count)
    }

    /// Encodes and escapes `bytes`; the result has exactly ``escapedBase64Length(of:)`` bytes.
    public static func encodeEscaped(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        // Sized exactly (one counting pass) so the array does not pin up to 3x the memory.
        [UInt8](unsafeUninitializedCapacity: escapedBase64Length(of: bytes)) { buffer, count in
            count = encodeEscaped(bytes, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Encodes and escapes `bytes`; the result has exactly ``escapedBase64Length(of:)`` bytes.
    public static func encodeEscaped(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { encodeEscaped($0) }
    }

    /// Escapes existing base64 (or any) text: `+ / = :` are percent-encoded, all else copied.
    /// For text you already have; prefer ``encodeEscaped(_:)-([UInt8])`` when starting from bytes.
    public static func escape(_ text: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.underestimatedCount + text.underestimatedCount / 16)
        for byte in text {
            switch byte {
            case UInt8(ascii: "+"): out.append(contentsOf: [0x25, 0x32, 0x42])   // %2B
            case UInt8(ascii: "/"): out.append(contentsOf: [0x25, 0x32, 0x46])   // %2F
            case UInt8(ascii: "="): out.append(contentsOf: [0x25, 0x33, 0x44])   // %3D
            case UInt8(ascii: ":"): out.append(contentsOf: [0x25, 0x33, 0x41])   // %3A
            default: out.append(byte)
            }
        }
        return out
    }
}
