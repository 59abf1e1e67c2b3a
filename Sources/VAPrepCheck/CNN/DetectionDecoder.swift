import Foundation

/// Turns the network's raw outputs into faces the way mediapipe's face detection graph does:
/// TensorsToDetectionsCalculator (anchor decoding, sigmoid score clipped at ±100, threshold) then
/// NonMaxSuppressionCalculator in its WEIGHTED mode (IoU > 0.3 merges, score-weighted average).
struct DetectionDecoder: Sendable {
    /// Keep anchors whose score is at least this (mediapipe's min_detection_confidence, default 0.5).
    var minScore: Float = 0.5
    /// Boxes overlapping the best remaining one by more than this IoU are merged into it.
    var minSuppression: Float = 0.3
    /// x/y/w/h scale of the regressions: the input size (mediapipe's x_scale … h_scale = 128).
    var scale: Float = 128
    var anchors = SSDAnchors.blazeFaceShortRange

    /// The anchors that pass the score threshold, decoded (relative to the input tensor).
    func decode(scores: [Float], boxes: [Float]) -> [RelativeDetection] {
        precondition(scores.count == anchors.centers.count && boxes.count == scores.count * 16, "outputs do not match the anchors")
        var out: [RelativeDetection] = []
        for i in 0..<scores.count {
            let logit = min(max(scores[i], -100), 100)
            let score = 1 / (1 + Float(exp(Double(-logit))))
            guard score >= minScore else { continue }
            let a = anchors.centers[i], r = i * 16
            // reverse_output_order: x, y, w, h; anchors have fixed size 1.
            let cx = boxes[r] / scale + a.x, cy = boxes[r + 1] / scale + a.y
            let w = boxes[r + 2] / scale, h = boxes[r + 3] / scale
            let xmin = cx - w / 2, ymin = cy - h / 2, xmax = cx + w / 2, ymax = cy + h / 2
            var keypoints = [Float](repeating: 0, count: 12)
            for k in 0..<6 {
                keypoints[2 * k] = boxes[r + 4 + 2 * k] / scale + a.x
                keypoints[2 * k + 1] = boxes[r + 5 + 2 * k] / scale + a.y
            }
            out.append(RelativeDetection(xmin: xmin, ymin: ymin, width: xmax - xmin, height: ymax - ymin,
                                         score: score, keypoints: keypoints))
        }
        return out
    }

    /// mediapipe's weighted non-maximum suppression: take the best remaining detection, average it
    /// with every detection overlapping it (itself included) weighted by score, keep the best score.
    func suppress(_ detections: [RelativeDetection]) -> [RelativeDetection] {
        var remaining = detections.indices.sorted { detections[$0].score > detections[$1].score }
        var out: [RelativeDetection] = []
        while let first = remaining.first {
            let best = detections[first]
            var candidates: [Int] = [], rest: [Int] = []
            for i in remaining {
                if detections[i].overlap(best) > minSuppression { candidates.append(i) } else { rest.append(i) }
            }
            var merged = best
            if !candidates.isEmpty {
                var total: Float = 0, x0: Float = 0, y0: Float = 0, x1: Float = 0, y1: Float = 0
                var keypoints = [Float](repeating: 0, count: best.keypoints.count)
                for i in candidates {
                    let d = detections[i], s = d.score
                    total += s
                    x0 += d.xmin * s; y0 += d.ymin * s
                    x1 += (d.xmin + d.width) * s; y1 += (d.ymin + d.height) * s
                    for k in keypoints.indices { keypoints[k] += d.keypoints[k] * s }
                }
                merged.xmin = x0 / total; merged.ymin = y0 / total
                merged.width = (x1 - x0) / total; merged.height = (y1 - y0) / total
                merged.keypoints = keypoints.map { $0 / total }
            }
            out.append(merged)
            // A box that overlaps nothing, not even itself (zero area), would loop for ever.
            if rest.count == remaining.count { break }
            remaining = rest
        }
        return out
    }
}
