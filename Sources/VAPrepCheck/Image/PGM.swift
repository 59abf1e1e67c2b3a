import Foundation

/// Why a PGM file could not be read.
public enum PGMError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case notBinaryPGM(path: String)
    case truncated(path: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path): check that the file exists and is readable"
        case .notBinaryPGM(let path): "\(path) is not an 8-bit binary PGM (P5, maxval 255); convert it with ffmpeg -vf format=gray"
        case .truncated(let path, let expected, let found): "\(path) holds \(found) pixel bytes, expected \(expected): the file is truncated"
        }
    }
}

extension GrayImage {
    /// Reads an 8-bit binary PGM (`P5`, maxval 255), the format `ffmpeg -vf format=gray out.pgm` writes.
    public init(pgmAt path: String) throws(PGMError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let bytes = [UInt8](data)
        var pos = 0
        func token() -> String? {
            while pos < bytes.count {
                if bytes[pos] == UInt8(ascii: "#") {
                    while pos < bytes.count && bytes[pos] != 10 { pos += 1 }
                } else if bytes[pos] == 32 || (9...13).contains(bytes[pos]) {
                    pos += 1
                } else { break }
            }
            let start = pos
            while pos < bytes.count && !(bytes[pos] == 32 || (9...13).contains(bytes[pos])) { pos += 1 }
            return start < pos ? String(decoding: bytes[start..<pos], as: UTF8.self) : nil
        }
        guard token() == "P5", let w = token().flatMap({ Int($0) }), let h = token().flatMap({ Int($0) }),
              token() == "255", w > 0, h > 0, pos < bytes.count else { throw .notBinaryPGM(path: path) }
        pos += 1  // the single whitespace byte after maxval
        let found = bytes.count - pos
        guard found >= w * h else { throw .truncated(path: path, expected: w * h, found: found) }
        self.init(width: w, height: h, pixels: Array(bytes[pos..<(pos + w * h)]))
    }

    /// The picture as binary PGM bytes (handy for looking at what the detector saw).
    public func pgmData() -> [UInt8] {
        Array("P5\n\(width) \(height)\n255\n".utf8) + pixels
    }
}
