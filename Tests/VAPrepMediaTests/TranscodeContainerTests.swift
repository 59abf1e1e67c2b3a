import Testing
@testable import VAPrepMedia

@Suite("Transcode container pieces: FastStart and the fps limiter")
struct TranscodeContainerTests {
    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + body.count)
        return [UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff), UInt8(size & 0xff)]
            + Array(type.utf8) + body
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
    static func be64(_ v: UInt64) -> [UInt8] { be32(UInt32(v >> 32)) + be32(UInt32(v & 0xffff_ffff)) }

    /// ftyp, free, mdat (two tracks' chunks), moov with an stco track and a co64 track.
    static func moovLastFile() -> (file: [UInt8], chunkPayloads: [[UInt8]]) {
        let ftyp = box("ftyp", Array("isom".utf8) + be32(512) + Array("isomiso2avc1mp41".utf8))
        let free = box("free", [])
        let chunks: [[UInt8]] = [Array("CHUNK-A1".utf8), Array("CHUNK-B1".utf8), Array("CHUNK-A2".utf8)]
        let mdatStart = ftyp.count + free.count
        var offsets: [Int] = []
        var position = mdatStart + 8
        for chunk in chunks { offsets.append(position); position += chunk.count }
        let mdat = box("mdat", chunks.flatMap { $0 })
        func trak(_ table: [UInt8]) -> [UInt8] {
            box("trak", box("tkhd", [UInt8](repeating: 0, count: 20))
                + box("mdia", box("minf", box("stbl", box("stsd", [0, 0, 0, 0, 0, 0, 0, 0]) + table))))
        }
        let stco = box("stco", [0, 0, 0, 0] + be32(2) + be32(UInt32(offsets[0])) + be32(UInt32(offsets[2])))
        let co64 = box("co64", [0, 0, 0, 0] + be32(1) + be64(UInt64(offsets[1])))
        let moov = box("moov", box("mvhd", [UInt8](repeating: 0, count: 100)) + trak(stco) + trak(co64))
        return (ftyp + free + mdat + moov, chunks)
    }

    /// Reads every chunk offset back from a file's moov.
    static func chunkOffsets(_ file: [UInt8]) throws -> [Int] {
        var result: [Int] = []
        func walk(_ range: Range<Int>) throws {
            for b in try FastStart.boxes(in: file, range: range) {
                let body = b.offset + b.headerSize
                switch b.type {
                case "moov", "trak", "mdia", "minf", "stbl": try walk(body..<(b.offset + b.size))
                case "stco":
                    for i in 0..<Int(FastStart.readUInt32(file, body + 4)) { result.append(Int(FastStart.readUInt32(file, body + 8 + 4 * i))) }
                case "co64":
                    for i in 0..<Int(FastStart.readUInt32(file, body + 4)) { result.append(Int(FastStart.readUInt64(file, body + 8 + 8 * i))) }
                default: break
                }
            }
        }
        try walk(0..<file.count)
        return result
    }

    @Test("moov moves before free+mdat and every stco/co64 offset still points at its chunk")
    func fastStartMovesMoov() throws {
        let (file, chunks) = Self.moovLastFile()
        let moved = try FastStart.moveMovieBoxToFront(file)
        #expect(moved.count == file.count)
        #expect(try FastStart.boxes(in: moved, range: 0..<moved.count).map(\.type) == ["ftyp", "moov", "free", "mdat"])
        let offsets = try Self.chunkOffsets(moved)
        #expect(offsets.count == 3)
        // stco track holds chunks A1, A2; co64 track holds B1.
        let expected = [chunks[0], chunks[2], chunks[1]]
        for (offset, payload) in zip(offsets, expected) {
            #expect(Array(moved[offset..<(offset + payload.count)]) == payload)
        }
    }

    @Test("a file already moov-first is returned unchanged; garbage is a typed failure")
    func fastStartEdgeCases() throws {
        let moved = try FastStart.moveMovieBoxToFront(Self.moovLastFile().file)
        #expect(try FastStart.moveMovieBoxToFront(moved) == moved)
        #expect(throws: FastStart.Failure.self) { _ = try FastStart.moveMovieBoxToFront([0, 0, 0, 40] + Array("moov".utf8)) }
        #expect(throws: FastStart.Failure.self) { _ = try FastStart.moveMovieBoxToFront(Self.box("ftyp", [1, 2, 3, 4])) }
    }

    @Test("a stco offset pushed past 4 GiB is refused, not wrapped")
    func fastStartOverflow() throws {
        let ftyp = Self.box("ftyp", Array("isom".utf8))
        let mdat = Self.box("mdat", [1, 2, 3])
        let stco = Self.box("stco", [0, 0, 0, 0] + Self.be32(1) + Self.be32(UInt32.max - 4))
        let moov = Self.box("moov", Self.box("trak", Self.box("mdia", Self.box("minf", Self.box("stbl", stco)))))
        #expect(throws: FastStart.Failure.offsetOverflow) { _ = try FastStart.moveMovieBoxToFront(ftyp + mdat + moov) }
    }

    @Test("no cap keeps every frame")
    func limiterOff() {
        var limiter = FrameRateLimiter(maxFps: nil)
        #expect((0..<100).allSatisfy { limiter.keep(time: Double($0) / 240) })
    }

    @Test("60 → 30 keeps every other frame, even with clock-rounded timestamps")
    func limiterHalves() {
        var limiter = FrameRateLimiter(maxFps: 30)
        // Times rounded to a 1/600 clock as phones write them (1/60 s = 10 ticks, exact) and to
        // a 1/1000 clock (16.667 ms → 16 or 17 ms).
        let kept = (0..<120).filter { limiter.keep(time: (Double($0) * 1000 / 60).rounded(.down) / 1000) }
        #expect(kept.count == 60)
        #expect(kept == Array(stride(from: 0, to: 120, by: 2)))
    }

    @Test("31 fps under a 30 cap stays at or under 30 per second", arguments: [31.0, 29.97 * 2, 48.0, 120.0])
    func limiterNeverExceeds(sourceFps: Double) {
        var limiter = FrameRateLimiter(maxFps: 30)
        let times = (0..<Int(sourceFps * 4)).map { Double($0) / sourceFps }
        let kept = times.filter { limiter.keep(time: $0) }
        #expect(Double(kept.count) <= 30 * 4 + 1)
        #expect(Double(kept.count) >= 30 * 4 * 0.9)
        // No two kept frames closer than a source frame, i.e. nothing duplicated.
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $1 - $0 > 0.5 / sourceFps })
    }
}
