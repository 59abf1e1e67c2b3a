import Foundation

/// Number formatting shared by the human-readable outputs.
enum Format {
    static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }

    static func bytes<I: BinaryInteger>(_ n: I) -> String {
        let value = Double(n)
        if value >= 1_000_000 { return String(format: "%.2f MB", value / 1_000_000) }
        if value >= 1_000 { return String(format: "%.1f kB", value / 1_000) }
        return "\(n) B"
    }

    static func bitRate<I: BinaryInteger>(_ bitsPerSecond: I) -> String {
        let value = Double(bitsPerSecond)
        if value >= 1_000_000 { return String(format: "%.2f Mbit/s", value / 1_000_000) }
        return String(format: "%.0f kbit/s", value / 1_000)
    }
}
