/// A minimal, real inspector: walks the top-level ISO BMFF boxes of the payload and accepts
/// it when the first box is `ftyp`, the box sizes tile the file exactly, and both `moov`
/// and `mdat` are present — the structure every MP4 the vendor could decode has.
///
/// It does not decode pictures, so every structurally valid MP4 gets ``InspectionOutcome/Verdict/pass``.
public struct MP4StructureInspector: SandboxVideoInspector {
    public init() {}

    public func inspect(video: [UInt8]) async throws -> InspectionOutcome {
        var offset = 0
        var types: [String] = []
        while offset < video.count {
            guard video.count - offset >= 8 else { return .notAVideo("trailing \(video.count - offset) bytes are not a box") }
            var size = Int(readUInt32(video, offset))
            let type = String(decoding: video[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if size == 1 {
                guard video.count - offset >= 16 else { return .notAVideo("truncated 64-bit box size") }
                let large = readUInt64(video, offset + 8)
                guard large <= UInt64(Int.max) else { return .notAVideo("box '\(type)' too large") }
                size = Int(large)
            } else if size == 0 {
                size = video.count - offset   // "extends to the end of the file"
            }
            guard size >= 8, size <= video.count - offset else {
                return .notAVideo("box '\(type)' at offset \(offset) has size \(size), beyond the end of the data")
            }
            if types.isEmpty, type != "ftyp" { return .notAVideo("first box is '\(type)', not 'ftyp': not an MP4") }
            types.append(type)
            offset += size
        }
        guard types.contains("moov") else { return .notAVideo("no 'moov' box: the MP4 has no index (unfinished recording?)") }
        guard types.contains("mdat") else { return .notAVideo("no 'mdat' box: the MP4 has no media data") }
        return .video(.pass, summary: "MP4 boxes: \(types.joined(separator: ","))")
    }

    private func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func readUInt64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        bytes[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
