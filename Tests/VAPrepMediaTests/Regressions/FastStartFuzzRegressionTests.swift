import Testing
@testable import VAPrepMedia

/// Inputs the `faststart` fuzz target (Fuzz/, scripts/fuzz.sh) found trapping FastStart's box
/// parser, each reduced to the field that did it. Every one must now be a typed `Failure`.
@Suite("Fuzz regressions: FastStart")
struct FastStartFuzzRegressionTests {
    typealias File = TranscodeContainerTests

    /// A box with size 1 (64-bit largesize follows) in front of the given largesize.
    static func largeBox(_ type: String, size: UInt64) -> [UInt8] {
        File.be32(1) + Array(type.utf8) + File.be64(size)
    }

    /// Found by the fuzzer: `largesize` ≥ 2^63 trapped converting to Int ("Not enough bits").
    @Test func largesizeOverIntMaxIsMalformed() {
        let file = File.box("ftyp", Array("isom".utf8)) + Self.largeBox("mdat", size: 0xffff_ffff_ffff_fff0)
        #expect(throws: FastStart.Failure.malformed("box mdat at 12 has size 18446744073709551600 past its parent")) {
            try FastStart.moveMovieBoxToFront(file)
        }
    }

    /// Same parser, next sum: a largesize of Int.max after the first box made `offset + size`
    /// overflow; it is now compared against the room left instead.
    @Test func largesizeOfIntMaxAfterAnotherBoxIsMalformed() {
        let file = File.box("ftyp", Array("isom".utf8)) + Self.largeBox("free", size: UInt64(Int.max))
        #expect(throws: FastStart.Failure.self) { try FastStart.moveMovieBoxToFront(file) }
    }

    /// A co64 chunk offset near 2^64 overflowed when moov's size was added to it; now it is
    /// the same `offsetOverflow` stco already had.
    @Test func co64OffsetThatWrapsIsOffsetOverflow() {
        let co64 = File.box("co64", [0, 0, 0, 0] + File.be32(1) + File.be64(UInt64.max - 3))
        let moov = File.box("moov", File.box("trak", File.box("mdia", File.box("minf", File.box("stbl", co64)))))
        let file = File.box("ftyp", Array("isom".utf8)) + File.box("mdat", Array("DATA".utf8)) + moov
        #expect(throws: FastStart.Failure.offsetOverflow) { try FastStart.moveMovieBoxToFront(file) }
    }
}

extension FastStartFuzzRegressionTests {
    /// Found by the fuzzer (its fixed-point check): a last `moov` with size 0 ("to the end of
    /// the file") kept that size when moved in front of mdat, so the result's moov swallowed
    /// the media data and no longer parsed. The moved copy now carries its real size.
    @Test func moovWithSizeZeroKeepsItsSizeWhenMoved() throws {
        let (file, _) = File.moovLastFile()
        let top = try FastStart.boxes(in: file, range: 0..<file.count)
        let moov = try #require(top.last)
        #expect(moov.type == "moov")
        var sizeZero = file
        sizeZero.replaceSubrange(moov.offset..<(moov.offset + 4), with: [0, 0, 0, 0])

        let moved = try FastStart.moveMovieBoxToFront(sizeZero)
        #expect(try FastStart.boxes(in: moved, range: 0..<moved.count).map(\.type) == ["ftyp", "moov", "free", "mdat"])
        #expect(moved == (try FastStart.moveMovieBoxToFront(file)))
        #expect(try FastStart.moveMovieBoxToFront(moved) == moved)
    }
}
