/// The `application/x-www-form-urlencoded` serializer and parser of the WHATWG URL
/// standard, on bytes.
///
/// Serializing keeps ASCII alphanumerics and `*-._`, turns a space into `+` and
/// percent-encodes every other UTF-8 byte as `%XX` (uppercase). That is why base64's `+`,
/// `/`, `=` travel as `%2B`, `%2F`, `%3D`: a bare `+` would be read back as a space.
public enum FormURLEncoding {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Serializes one name or value.
    public static func encode(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// Serializes name/value pairs joined by `&`.
    public static func encode(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, (name, value)) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out += encode(name)
            out.append(UInt8(ascii: "="))
            out += encode(value)
        }
        return out
    }

    /// Parses a whole body into raw (byte) values by name; later duplicates win.
    /// `+` becomes a space and `%XX` a byte; a malformed `%` sequence is kept literally,
    /// as the WHATWG parser does.
    public static func decode(_ body: some Collection<UInt8>) -> [String: [UInt8]] {
        var fields: [String: [UInt8]] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: percentDecode(parts[0]), as: UTF8.self)
            fields[name] = parts.count > 1 ? percentDecode(parts[1]) : []
        }
        return fields
    }

    /// Decodes `+` and `%XX` in one name or value.
    public static func percentDecode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                      let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
