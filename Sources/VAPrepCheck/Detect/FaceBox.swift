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

    /// Side of a frontal-face cascade's box relative to BlazeFace's on the same face: 0.71–0.79
    /// on the four reference frames of `testdata/check` (LBP improved cascade vs mediapipe).
    public static let cascadeToCNNSide = 0.75

    /// The region the pre-check's face metrics (exposure, sharpness, motion) are measured on. Their
    /// thresholds were set on the cascade's box, which holds eyes to mouth; a CNN box (one that has
    /// ``landmarks``) also spans forehead, chin and some background, whose contrast would swamp the
    /// normalised sharpness. So a CNN box gives its centred square of ``cascadeToCNNSide`` of its
    /// side; a cascade box is used whole.
    public var measuredRegion: FaceBox {
        guard landmarks != nil else { return self }
        let side = Double(min(width, height)) * Self.cascadeToCNNSide
        let s = Int(side.rounded())
        return FaceBox(x: Int((centerX - side / 2).rounded()), y: Int((centerY - side / 2).rounded()), width: s, height: s,
                       score: score, landmarks: landmarks)
    }

    /// This box (and its landmarks) scaled by `factor` (maps boxes from an analysis size back to the frame).
    public func scaled(by factor: Double) -> FaceBox {
        FaceBox(x: Int((Double(x) * factor).rounded()), y: Int((Double(y) * factor).rounded()),
                width: Int((Double(width) * factor).rounded()), height: Int((Double(height) * factor).rounded()),
                score: score, landmarks: landmarks?.scaled(by: factor))
    }
}
