/// One face as the network's decoder sees it: box and keypoints relative to a square (0...1 of the
/// input tensor, then of the picture after the letterbox is removed), in Float as mediapipe keeps them.
struct RelativeDetection: Sendable, Equatable {
    var xmin: Float
    var ymin: Float
    var width: Float
    var height: Float
    /// Sigmoid of the logit, 0...1.
    var score: Float
    /// Six (x, y) pairs: right eye, left eye, nose tip, mouth centre, right ear, left ear.
    var keypoints: [Float]

    var area: Float { width * height }

    /// Intersection over union, as mediapipe's OverlapSimilarity computes it.
    func overlap(_ other: RelativeDetection) -> Float {
        let x0 = max(xmin, other.xmin), y0 = max(ymin, other.ymin)
        let x1 = min(xmin + width, other.xmin + other.width), y1 = min(ymin + height, other.ymin + other.height)
        let intersection = x1 > x0 && y1 > y0 ? (x1 - x0) * (y1 - y0) : 0
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }

    /// Undoes the letterbox: maps from the padded square back to the picture (mediapipe's
    /// DetectionLetterboxRemovalCalculator).
    func removingLetterbox(horizontal: Float, vertical: Float) -> RelativeDetection {
        let sx = 1 - 2 * horizontal, sy = 1 - 2 * vertical
        var out = self
        out.xmin = (xmin - horizontal) / sx
        out.ymin = (ymin - vertical) / sy
        out.width = width / sx
        out.height = height / sy
        for i in stride(from: 0, to: keypoints.count, by: 2) {
            out.keypoints[i] = (keypoints[i] - horizontal) / sx
            out.keypoints[i + 1] = (keypoints[i + 1] - vertical) / sy
        }
        return out
    }
}
