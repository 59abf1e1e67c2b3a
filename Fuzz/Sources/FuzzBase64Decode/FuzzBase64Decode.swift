import VAPrepPayload

/// libFuzzer entry: any bytes through the strict decoder (`Base64.decode`, the C kernel).
/// Decoding is strict (one canonical text per byte string), so whatever decodes must
/// re-encode to exactly the input; an error must point inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64Decode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let decoded = try Base64.decode(text)
        precondition(decoded.count == text.count / 4 * 3 - text.suffix(2).filter { $0 == UInt8(ascii: "=") }.count,
                     "decoded length does not follow from the text length")
        precondition(Base64.encode(decoded) == text, "decode then encode is not the identity")
    } catch {
        precondition(error.offset >= 0 && error.offset <= text.count, "error offset \(error.offset) outside 0...\(text.count)")
    }
    return 0
}
