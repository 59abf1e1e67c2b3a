/// A face rectangle in pixel coordinates of the picture it was found in (top-left origin), with the
/// detector's confidence and the face's keypoints when the detector gives them (the CNN does, the
/// cascade does not; both are left out of the JSON when nil).
public struct FaceBox: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// The detector's confidence in 0...1 (the CNN's sigmoid score); nil from the cascade.
    public var score: Double?
    /// Eyes, nose tip, mouth centre and ear tragions; nil from the cascade.
    public var landmarks: FaceLandmarks?

    public init(x: Int, y: Int, width: Int, height: Int, score: Double? = nil, landmarks: FaceLandmarks? = nil) {
        self.x = x; self.y = y; self.width = width; self.height = height
        self.score = score; self.landmarks = landmarks
    }

    public var area: Int { width * height }
    public var centerX: Double { Double(x) + Double(width) / 2 }
    public var centerY: Double { Double(y) + Double(height) / 2 }

    /// Order by (x, y, width, height), the order the exactness tests compare in.
    public static func < (a: FaceBox, b: FaceBox) -> Bool {
        (a.x, a.y, a.width, a.height) < (b.x, b.y, b.width, b.height)
    }

    public var description: String { "[\(x), \(y), \(width), \(height)]" }

    /// This box (and its landmarks) scaled by `factor` (maps boxes from an analysis size back to the frame).
    public func scaled(by factor: Double) -> FaceBox {
        FaceBox(x: Int((Double(x) * factor).rounded()), y: Int((Double(y) * factor).rounded()),
                width: Int((Double(width) * factor).rounded()), height: Int((Double(height) * factor).rounded()),
                score: score, landmarks: landmarks?.scaled(by: factor))
    }
}
