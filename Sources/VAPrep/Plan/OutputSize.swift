/// The displayed size of a transcoded output: long side at most `maxSide`, aspect ratio kept,
/// both sides even (4:2:0 chroma halves each side), never upscaled.
public struct OutputSize: Codable, Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Fits a `width`×`height` displayed picture into `maxSide`.
    public static func fitting(width: Int, height: Int, maxSide: Int) -> OutputSize {
        let longSide = max(width, height, 1)
        let scale = min(1.0, Double(maxSide) / Double(longSide))
        return OutputSize(width: even(Double(width) * scale), height: even(Double(height) * scale))
    }

    /// This size scaled by `factor` (≤ 1), aspect kept, sides even.
    func scaled(by factor: Double) -> OutputSize {
        OutputSize(width: Self.even(Double(width) * factor), height: Self.even(Double(height) * factor))
    }

    var longSide: Int { max(width, height) }
    var pixels: Int { width * height }

    /// Rounds down to an even number, at least 2: rounding down keeps the long side ≤ maxSide.
    static func even(_ value: Double) -> Int { max(2, Int(value.rounded(.down)) & ~1) }

    public var description: String { "\(width)x\(height)" }
}
