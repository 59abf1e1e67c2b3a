/// A face rectangle in pixel coordinates of the picture it was found in (top-left origin).
public struct FaceBox: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var area: Int { width * height }
    public var centerX: Double { Double(x) + Double(width) / 2 }
    public var centerY: Double { Double(y) + Double(height) / 2 }

    /// Order by (x, y, width, height), the order the exactness tests compare in.
    public static func < (a: FaceBox, b: FaceBox) -> Bool {
        (a.x, a.y, a.width, a.height) < (b.x, b.y, b.width, b.height)
    }

    public var description: String { "[\(x), \(y), \(width), \(height)]" }

    /// This box scaled by `factor` (used to map boxes from an analysis size back to the frame).
    public func scaled(by factor: Double) -> FaceBox {
        FaceBox(x: Int((Double(x) * factor).rounded()), y: Int((Double(y) * factor).rounded()),
                width: Int((Double(width) * factor).rounded()), height: Int((Double(height) * factor).rounded()))
    }
}
