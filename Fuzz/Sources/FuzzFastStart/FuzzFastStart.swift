@_spi(Fuzz) import VAPrepMedia

/// libFuzzer entry: any bytes through `FastStart.moveMovieBoxToFront`. A thrown error is a
/// correct answer; a trap or a sanitizer report is a finding. When the move succeeds its
/// output must be a fixed point (moving again changes nothing) and keep the input's size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFastStart(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let moved = FastStartFuzzEntry.moveMovieBoxToFront(bytes) else { return 0 }
    precondition(moved.count == bytes.count, "FastStart changed the file size: \(bytes.count) -> \(moved.count)")
    guard let again = FastStartFuzzEntry.moveMovieBoxToFront(moved) else {
        preconditionFailure("FastStart's own output no longer parses")
    }
    precondition(again == moved, "FastStart's output is not moov-first")
    return 0
}
