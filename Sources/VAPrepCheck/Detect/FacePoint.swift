/// A point in pixel coordinates of the picture it was found in (top-left origin, x right, y down).
///
/// Sub-pixel: keypoints come out of a regression, and rounding them would throw away the precision
/// the motion and eye/mouth-opening measures need.
public struct FacePoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) { self.x = x; self.y = y }

    /// This point scaled by `factor` (maps a point from an analysis size back to the frame).
    public func scaled(by factor: Double) -> FacePoint { FacePoint(x: x * factor, y: y * factor) }

    /// Euclidean distance to `other`, in pixels.
    public func distance(to other: FacePoint) -> Double {
        let dx = x - other.x, dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }

    public var description: String { "(\(x), \(y))" }
}
