@_spi(Fuzz) import VAPrepClient

/// libFuzzer entry: any bytes as the body of the vendor's 200 answer, through the client's
/// own parser and interpreter. Every input must end in a result or a typed failure.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVendorResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let outcome = ResponseFuzzEntry.interpret(bytes)
    precondition(!outcome.isEmpty)
    return 0
}
