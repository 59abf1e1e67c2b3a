import Foundation

/// A tiny JSON value for the sandbox's answers, serialized with sorted keys so answers are
/// byte-for-byte deterministic.
enum SandboxJSON: Sendable, Equatable {
    case string(String)
    case number(Double)
    case array([SandboxJSON])
    case object([String: SandboxJSON])
    case null

    var bytes: [UInt8] {
        var out = ""
        write(to: &out)
        return Array(out.utf8)
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .number(let value):
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value):
            out += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                SandboxJSON.string(key).write(to: &out)
                out += ":"
                fields[key]!.write(to: &out)
            }
            out += "}"
        }
    }
}
