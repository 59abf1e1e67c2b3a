/// `FastStart` as the fuzzing harness (`Fuzz/`) calls it, so the harness fuzzes this parser
/// and not a copy. SPI, not API: nothing but the harness should depend on it.
@_spi(Fuzz) public enum FastStartFuzzEntry {
    /// `FastStart.moveMovieBoxToFront(file)`; `nil` when it throws (a correct answer to a
    /// malformed file).
    @_spi(Fuzz) public static func moveMovieBoxToFront(_ file: [UInt8]) -> [UInt8]? {
        try? FastStart.moveMovieBoxToFront(file)
    }
}
