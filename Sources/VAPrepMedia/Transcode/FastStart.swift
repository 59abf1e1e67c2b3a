/// Moves an MP4's `moov` box in front of `mdat` ("fast start"), in memory.
///
/// A player (or an upload backend that streams the file) can then read the index before
/// the media data. Moving `moov` forward by N bytes pushes every media byte back by N,
/// so every chunk offset in `moov/trak/mdia/minf/stbl/stco` (32-bit) or `co64` (64-bit)
/// grows by N. Nothing else in `moov` holds absolute file offsets for files FFmpeg writes.
enum FastStart {
    enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case offsetOverflow

        var description: String {
            switch self {
            case .malformed(let why): "the MP4 written by the muxer is malformed: \(why)"
            case .offsetOverflow: "a chunk offset no longer fits its field (32 bits in stco, 64 in co64) after moving moov"
            }
        }
    }

    struct Box: Equatable {
        var type: String
        var offset: Int
        var size: Int
        var headerSize: Int
    }

    /// The top-level (or child) boxes in `bytes[range]`.
    static func boxes(in bytes: [UInt8], range: Range<Int>) throws -> [Box] {
        var result: [Box] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            guard range.upperBound - offset >= 8 else { throw Failure.malformed("truncated box header at \(offset)") }
            var size = Int(readUInt32(bytes, offset))
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            var header = 8
            if size == 1 {
                guard range.upperBound - offset >= 16 else { throw Failure.malformed("truncated largesize at \(offset)") }
                // A 64-bit size is untrusted: one over Int.max would trap in a plain Int(_:).
                guard let large = Int(exactly: readUInt64(bytes, offset + 8)) else {
                    throw Failure.malformed("box \(type) at \(offset) has size \(readUInt64(bytes, offset + 8)) past its parent")
                }
                size = large
                header = 16
            } else if size == 0 {
                size = range.upperBound - offset
            }
            // `size <= end - offset`, not `offset + size <= end`: the sum of a huge size overflows.
            guard size >= header, size <= range.upperBound - offset else {
                throw Failure.malformed("box \(type) at \(offset) has size \(size) past its parent")
            }
            result.append(Box(type: type, offset: offset, size: size, headerSize: header))
            offset += size
        }
        return result
    }

    /// Returns `file` with `moov` placed before the first `mdat`. A file that already has
    /// `moov` first is returned unchanged.
    static func moveMovieBoxToFront(_ file: [UInt8]) throws -> [UInt8] {
        let top = try boxes(in: file, range: 0..<file.count)
        guard let moov = top.first(where: { $0.type == "moov" }) else { throw Failure.malformed("no moov box") }
        guard let mdatIndex = top.firstIndex(where: { $0.type == "mdat" }) else { throw Failure.malformed("no mdat box") }
        let mdat = top[mdatIndex]
        if moov.offset < mdat.offset { return file }

        var movie = Array(file[moov.offset..<(moov.offset + moov.size)])
        // Size 0 means "to the end of the file", true only while moov is last: moved in front
        // of mdat it would swallow the media data. Write the size it had out.
        if readUInt32(file, moov.offset) == 0 {
            guard let size = UInt32(exactly: moov.size) else { throw Failure.malformed("moov of \(moov.size) bytes with size 0 cannot be moved") }
            writeUInt32(&movie, 0, size)
        }
        try shiftChunkOffsets(in: &movie, range: moov.headerSize..<movie.count, by: moov.size)

        // Insert before mdat, or before a `free` box the muxer put right in front of it
        // (keeps ftyp first and leaves the padding next to the data it pads).
        var insertAt = mdat.offset
        if mdatIndex > 0, top[mdatIndex - 1].type == "free" { insertAt = top[mdatIndex - 1].offset }

        var result: [UInt8] = []
        result.reserveCapacity(file.count)
        result.append(contentsOf: file[0..<insertAt])
        result.append(contentsOf: movie)
        result.append(contentsOf: file[insertAt..<moov.offset])
        result.append(contentsOf: file[(moov.offset + moov.size)..<file.count])
        return result
    }

    private static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl"]

    private static func shiftChunkOffsets(in bytes: inout [UInt8], range: Range<Int>, by delta: Int) throws {
        for box in try boxes(in: bytes, range: range) {
            let body = box.offset + box.headerSize
            let end = box.offset + box.size
            if containers.contains(box.type) {
                try shiftChunkOffsets(in: &bytes, range: body..<end, by: delta)
            } else if box.type == "stco" || box.type == "co64" {
                // FullBox: version+flags (4), entry_count (4), then the offsets.
                guard end - body >= 8 else { throw Failure.malformed("short \(box.type)") }
                let count = Int(readUInt32(bytes, body + 4))
                let width = box.type == "stco" ? 4 : 8
                guard body + 8 + count * width <= end else { throw Failure.malformed("\(box.type) entries past its box") }
                for i in 0..<count {
                    let at = body + 8 + i * width
                    if width == 4 {
                        let value = UInt64(readUInt32(bytes, at)) + UInt64(delta)
                        guard value <= UInt64(UInt32.max) else { throw Failure.offsetOverflow }
                        writeUInt32(&bytes, at, UInt32(value))
                    } else {
                        let (value, overflow) = readUInt64(bytes, at).addingReportingOverflow(UInt64(delta))
                        guard !overflow else { throw Failure.offsetOverflow }
                        writeUInt64(&bytes, at, value)
                    }
                }
            }
        }
    }

    static func readUInt32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func readUInt64(_ b: [UInt8], _ at: Int) -> UInt64 {
        UInt64(readUInt32(b, at)) << 32 | UInt64(readUInt32(b, at + 4))
    }

    private static func writeUInt32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        b[at] = UInt8(v >> 24); b[at + 1] = UInt8((v >> 16) & 0xff)
        b[at + 2] = UInt8((v >> 8) & 0xff); b[at + 3] = UInt8(v & 0xff)
    }

    private static func writeUInt64(_ b: inout [UInt8], _ at: Int, _ v: UInt64) {
        writeUInt32(&b, at, UInt32(v >> 32))
        writeUInt32(&b, at + 4, UInt32(v & 0xffff_ffff))
    }
}
