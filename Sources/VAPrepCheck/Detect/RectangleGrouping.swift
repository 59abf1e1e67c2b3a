/// OpenCV's `groupRectangles`: merges the many overlapping raw hits a cascade produces around a face.
///
/// Hits are "similar" when all four edges lie within `eps · (min widths + min heights) / 2` of each
/// other; similar hits form clusters by transitive closure (`cv::partition`). A cluster with more than
/// `minNeighbors` members becomes its average rectangle. A cluster lying inside a bigger cluster
/// (with a margin of `eps` times the big one's size) is dropped when the big one has more members
/// (more than max(3, its own)) or the small one has fewer than 3 — the "small face inside a face" rule.
enum RectangleGrouping {
    static func group(_ rects: [FaceBox], minNeighbors: Int, eps: Double = 0.2) -> [(box: FaceBox, neighbors: Int)] {
        guard minNeighbors > 0, !rects.isEmpty else { return rects.map { ($0, 1) } }
        let n = rects.count
        // Union–find over all similar pairs: the classes are the connected components, as in cv::partition.
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
            return r
        }
        for i in 0..<n {
            for j in (i + 1)..<n where similar(rects[i], rects[j], eps) {
                let a = root(i), b = root(j)
                if a != b { parent[b] = a }
            }
        }
        var classOf = [Int: Int]()
        var sums: [(x: Int, y: Int, w: Int, h: Int, count: Int)] = []
        for i in 0..<n {
            let r = root(i)
            let cls: Int
            if let c = classOf[r] { cls = c } else { cls = sums.count; classOf[r] = cls; sums.append((0, 0, 0, 0, 0)) }
            sums[cls].x += rects[i].x; sums[cls].y += rects[i].y
            sums[cls].w += rects[i].width; sums[cls].h += rects[i].height
            sums[cls].count += 1
        }
        // OpenCV averages in Float: saturate_cast<int>(sum * (1.f / count)), rounding half to even.
        let averaged: [(box: FaceBox, count: Int)] = sums.map { s in
            let k = 1 / Float(s.count)
            func avg(_ v: Int) -> Int { Int((Float(v) * k).rounded(.toNearestOrEven)) }
            return (FaceBox(x: avg(s.x), y: avg(s.y), width: avg(s.w), height: avg(s.h)), s.count)
        }
        var result: [(box: FaceBox, neighbors: Int)] = []
        for (i, a) in averaged.enumerated() where a.count > minNeighbors {
            let r1 = a.box, n1 = a.count
            let swallowed = averaged.indices.contains { j in
                let (r2, n2) = averaged[j]
                guard j != i, n2 > minNeighbors else { return false }
                let dx = Int((Double(r2.width) * eps).rounded(.toNearestOrEven))
                let dy = Int((Double(r2.height) * eps).rounded(.toNearestOrEven))
                return r1.x >= r2.x - dx && r1.y >= r2.y - dy
                    && r1.x + r1.width <= r2.x + r2.width + dx && r1.y + r1.height <= r2.y + r2.height + dy
                    && (n2 > max(3, n1) || n1 < 3)
            }
            if !swallowed { result.append((r1, n1)) }
        }
        return result
    }

    private static func similar(_ a: FaceBox, _ b: FaceBox, _ eps: Double) -> Bool {
        let delta = eps * Double(min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return Double(abs(a.x - b.x)) <= delta && Double(abs(a.y - b.y)) <= delta
            && Double(abs(a.x + a.width - b.x - b.width)) <= delta
            && Double(abs(a.y + a.height - b.y - b.height)) <= delta
    }
}
