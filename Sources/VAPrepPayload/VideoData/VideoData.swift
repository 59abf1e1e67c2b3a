/// The `videoData` form value of the videoAuth API: `base64:` followed by the standard base64
/// of the MP4 (not a `data:video/mp4;base64,` URL).
///
/// The API's size guideline (10,000,000 bytes) applies to this value, prefix included, so
/// ``valueLength(byteCount:)`` is what a size budget compares against. In the form-encoded body
/// the value grows: the prefix becomes `base64%3A` and every `+ / =` takes 3 bytes;
/// ``formEscapedValueLength(of:)-(UnsafeRawBufferPointer)`` gives that exact size for `Content-Length`.
/// Computing a size needs no encoding, so a plan can promise a payload size before any byte is
/// encoded, and ``maxByteCount(forValueLength:)`` turns a vendor's limit into a file budget.
///
/// ```swift
/// let limitOK = VideoData.valueLength(byteCount: mp4.count) <= 10_000_000
/// let bodyPart = VideoData.formEscapedValueLength(of: mp4)     // bytes after "videoData="
/// for try await chunk in Base64ChunkSequence(bytes: mp4, formEscaped: true) { send(chunk) }
/// ```
public enum VideoData {
    /// The prefix the API requires before the base64 text.
    public static let prefix = "base64:"
    /// ``prefix`` as it appears in a form-encoded body (`:` → `%3A`).
    public static let formEscapedPrefix = "base64%3A"
    /// The videoAuth API's own size guideline for this value, prefix included (bytes).
    public static let recommendedMaxValueLength = 10_000_000

    static let prefixBytes: [UInt8] = Array(prefix.utf8)
    static let formEscapedPrefixBytes: [UInt8] = Array(formEscapedPrefix.utf8)

    /// Exact length of `base64:` + base64 for `byteCount` bytes of video.
    public static func valueLength(byteCount: Int) -> Int {
        prefixBytes.count + Base64.encodedLength(byteCount: byteCount)
    }

    /// The largest video, in bytes, whose value fits in `valueLength` bytes: the inverse of
    /// ``valueLength(byteCount:)`` (base64 turns every 3 bytes into 4 characters after the
    /// 7-byte prefix). 0 when not even the prefix fits.
    public static func maxByteCount(forValueLength valueLength: Int) -> Int {
        guard valueLength > prefixBytes.count else { return 0 }
        return (valueLength - prefixBytes.count) / 4 * 3
    }

    /// Exact length of the form-escaped value (`base64%3A` + escaped base64) of `bytes`.
    public static func formEscapedValueLength(of bytes: UnsafeRawBufferPointer) -> Int {
        formEscapedPrefixBytes.count + FormEscaper.escapedBase64Length(of: bytes)
    }

    /// Exact length of the form-escaped value (`base64%3A` + escaped base64) of `bytes`.
    public static func formEscapedValueLength(of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { formEscapedValueLength(of: $0) }
    }

    /// Exact length of `base64:` + base64 of the file at `path` (from its size).
    public static func valueLength(ofFileAt path: String) throws(PayloadFileError) -> Int {
        let reader = try FileByteReader(path: path)
        return valueLength(byteCount: reader.size)
    }

    /// Exact length of the form-escaped value of the file at `path`. Reads the file once in
    /// bounded chunks (192 KiB) to count `+` and `/`; the file is not held in memory.
    public static func formEscapedValueLength(ofFileAt path: String) throws(PayloadFileError) -> Int {
        let reader = try FileByteReader(path: path)
        // A multiple of 3, so every chunk but the last holds whole groups and counts add up.
        var buffer = [UInt8](repeating: 0, count: 3 * 65536)
        var total = 0
        var specials = 0
        while true {
            let read = try reader.read(into: &buffer)
            if read == 0 { break }
            total += read
            specials += buffer.withUnsafeBytes { FormEscaper.plusSlashCount(of: UnsafeRawBufferPointer(rebasing: $0[..<read])) }
            if read < buffer.count { break }
        }
        return formEscapedPrefixBytes.count + FormEscaper.escapedLength(byteCount: total, plusSlashCount: specials)
    }

    /// `base64:` + base64 of `bytes`, as ASCII bytes.
    public static func value(of bytes: [UInt8]) -> [UInt8] {
        var out = prefixBytes
        var encoder = Base64StreamEncoder()
        encoder.encode(bytes, appendingTo: &out)
        encoder.finish(appendingTo: &out)
        return out
    }

    /// `base64%3A` + form-escaped base64 of `bytes`, ready to follow `videoData=` in a form body.
    public static func formEscapedValue(of bytes: [UInt8]) -> [UInt8] {
        formEscapedPrefixBytes + FormEscaper.encodeEscaped(bytes)
    }
}
