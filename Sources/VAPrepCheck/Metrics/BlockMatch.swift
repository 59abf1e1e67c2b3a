/// Where a small block of one frame went in the next: the measurement ``NonRigidMotion`` fits a
/// plane to, and the test of whether a block's departure from that plane is real.
///
/// Matching is zero-mean and *gain-normalised*: each candidate block is scaled to the contrast of
/// the reference block before it is compared, so a lamp's or a screen's flicker (a brightness gain
/// between the frames) and an auto-exposure step (an offset) do not look like motion.
enum BlockMatch {
    /// A block's measured displacement (pixels, sub-pixel) and its uncertainty when the gradient
    /// step could estimate it (the 2-D standard deviation of the shift).
    struct Result {
        var dx: Double
        var dy: Double
        var spread: Double?
        /// Another place in the search window, away from the best, matches nearly as well: the block
        /// is dominated by a repeating pattern (a screen's moiré, a striped shirt) or by noise, and
        /// where it "went" is a guess.
        var ambiguous = false
    }

    /// A second minimum of the search costs within this fraction of the best (and at least two
    /// pixels from it) makes a match ambiguous. Set on the calibration corpus (docs/calibration.md).
    static let ambiguityMargin = 0.2

    /// The contrast ratio a block may change by between the frames and still be matched with its
    /// own gain: flicker and exposure steps are a few percent to tens of percent; more than this is
    /// a different picture, not a brighter one.
    static let gainRange = (2.0 / 3)...1.5

    /// Sub-pixel displacement of the block at (x, y) from `a` to `b`, searched around `guess`;
    /// nil for flat blocks whose match would be noise.
    static func match(_ a: GrayImage, _ b: GrayImage, x: Int, y: Int, size: Int,
                      guess: (Int, Int), radius: Int, minContrast: Double = 4) -> Result? {
        guard x >= 0, y >= 0, x + size <= a.width, y + size <= a.height else { return nil }
        let n = size * size
        var ref = [Double](repeating: 0, count: n)
        for j in 0..<size { for i in 0..<size { ref[j * size + i] = Double(a.pixels[(y + j) * a.width + x + i]) } }
        let meanA = ref.reduce(0, +) / Double(n)
        for k in 0..<n { ref[k] -= meanA }
        let varA = ref.reduce(0) { $0 + $1 * $1 } / Double(n)
        guard varA >= minContrast * minContrast else { return nil }
        let sdA = varA.squareRoot()
        let side = 2 * radius + 1
        var costs = [Double](repeating: .infinity, count: side * side)
        var best = Double.infinity, bi = -1
        b.pixels.withUnsafeBufferPointer { pb in
            for sy in -radius...radius {
                for sx in -radius...radius {
                    let ox = x + guess.0 + sx, oy = y + guess.1 + sy
                    guard ox >= 0, oy >= 0, ox + size <= b.width, oy + size <= b.height else { continue }
                    var sum = 0, sq = 0
                    for j in 0..<size {
                        let rb = (oy + j) * b.width + ox
                        for i in 0..<size { let v = Int(pb[rb + i]); sum += v; sq += v * v }
                    }
                    let meanB = Double(sum) / Double(n)
                    let varB = max(0, Double(sq) / Double(n) - meanB * meanB)
                    let gain = gainRange.clamp(varB > 0 ? sdA / varB.squareRoot() : 1)
                    var cost = 0.0
                    for j in 0..<size {
                        let rb = (oy + j) * b.width + ox
                        for i in 0..<size { cost += abs(ref[j * size + i] - gain * (Double(pb[rb + i]) - meanB)) }
                    }
                    let k = (sy + radius) * side + sx + radius
                    costs[k] = cost
                    if cost < best || (cost == best && abs(sx) + abs(sy) < abs(bi % side - radius) + abs(bi / side - radius)) {
                        best = cost; bi = k
                    }
                }
            }
        }
        guard bi >= 0 else { return nil }
        let bx = bi % side, by = bi / side
        let ambiguous = secondMinimum(costs, side: side, best: (bx, by)) <= best * (1 + ambiguityMargin)
        let ox = x + guess.0 + bx - radius, oy = y + guess.1 + by - radius
        // Sub-pixel: one Lucas–Kanade step at the best integer offset (solve for the shift d that
        // makes gain·B(p + d) ≈ A(p) to first order). A parabola through SAD costs is biased towards
        // whole pixels by up to 0.2 px, enough to make a moved still look alive.
        if ox >= 1, oy >= 1, ox + size + 1 <= b.width, oy + size + 1 <= b.height {
            let w = b.width
            var meanB = 0.0, sqB = 0.0
            for j in 0..<size { for i in 0..<size { let v = Double(b.pixels[(oy + j) * w + ox + i]); meanB += v; sqB += v * v } }
            meanB /= Double(n)
            let varB = max(0, sqB / Double(n) - meanB * meanB)
            let gain = gainRange.clamp(varB > 0 ? sdA / varB.squareRoot() : 1)
            var sxx = 0.0, sxy = 0.0, syy = 0.0, sxe = 0.0, sye = 0.0, see = 0.0
            b.pixels.withUnsafeBufferPointer { pb in
                for j in 0..<size {
                    let rb = (oy + j) * w + ox
                    for i in 0..<size {
                        let gx = gain * (Double(pb[rb + i + 1]) - Double(pb[rb + i - 1])) / 2
                        let gy = gain * (Double(pb[rb + i + w]) - Double(pb[rb + i - w])) / 2
                        let e = gain * (Double(pb[rb + i]) - meanB) - ref[j * size + i]
                        sxx += gx * gx; sxy += gx * gy; syy += gy * gy
                        sxe += gx * e; sye += gy * e; see += e * e
                    }
                }
            }
            let det = sxx * syy - sxy * sxy
            if det > 1e-6 * max(1, sxx * syy) {
                let dx = -(syy * sxe - sxy * sye) / det
                let dy = -(sxx * sye - sxy * sxe) / det
                // What the shift leaves unexplained, per pixel, spread over the gradient system:
                // the covariance of the estimated shift is σe² · S⁻¹.
                let left = max(0, see + dx * sxe + dy * sye) / Double(max(1, n - 2))
                let spread = (left * (sxx + syy) / det).squareRoot()
                return Result(dx: Double(ox - x) + max(-1, min(1, dx)), dy: Double(oy - y) + max(-1, min(1, dy)), spread: spread, ambiguous: ambiguous)
            }
        }
        // At the border: a parabola through the cost minimum and its neighbours.
        func refine(_ l: Double, _ c: Double, _ r: Double) -> Double {
            guard l.isFinite, r.isFinite else { return 0 }
            let den = l - 2 * c + r
            return den > 0 ? max(-0.5, min(0.5, 0.5 * (l - r) / den)) : 0
        }
        let fx = bx > 0 && bx < side - 1 ? refine(costs[by * side + bx - 1], best, costs[by * side + bx + 1]) : 0
        let fy = by > 0 && by < side - 1 ? refine(costs[(by - 1) * side + bx], best, costs[(by + 1) * side + bx]) : 0
        return Result(dx: Double(guess.0 + bx - radius) + fx, dy: Double(guess.1 + by - radius) + fy, spread: nil, ambiguous: ambiguous)
    }

    /// The lowest local minimum of `costs` (a side × side grid) at least two cells from `best`;
    /// infinity when there is none.
    static func secondMinimum(_ costs: [Double], side: Int, best: (Int, Int)) -> Double {
        var second = Double.infinity
        for y in 0..<side {
            for x in 0..<side where max(abs(x - best.0), abs(y - best.1)) >= 2 {
                let c = costs[y * side + x]
                guard c < second else { continue }
                var isMinimum = true
                for ny in max(0, y - 1)...min(side - 1, y + 1) {
                    for nx in max(0, x - 1)...min(side - 1, x + 1) where (nx, ny) != (x, y) && costs[ny * side + nx] < c {
                        isMinimum = false
                    }
                }
                if isMinimum { second = c }
            }
        }
        return second
    }

    /// Sum of squared differences between the block at (x, y) of `a` and `b` sampled (bilinearly)
    /// at the block moved by (dx, dy), both zero-mean and `b` brought to `a`'s contrast; nil when
    /// the moved block leaves `b`. Comparing this at two displacements says how much better one
    /// explains the pixels than the other, in the units of the noise.
    static func alignmentCost(_ a: GrayImage, _ b: GrayImage, x: Int, y: Int, size: Int, dx: Double, dy: Double) -> Double? {
        let fx = Double(x) + dx, fy = Double(y) + dy
        let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
        guard dx.isFinite, dy.isFinite, x >= 0, y >= 0, x + size <= a.width, y + size <= a.height,
              x0 >= 0, y0 >= 0, x0 + size + 1 <= b.width, y0 + size + 1 <= b.height else { return nil }
        let tx = fx - Double(x0), ty = fy - Double(y0)
        let n = size * size
        var pa = [Double](repeating: 0, count: n), pb = [Double](repeating: 0, count: n)
        let w = b.width
        for j in 0..<size {
            for i in 0..<size {
                pa[j * size + i] = Double(a.pixels[(y + j) * a.width + x + i])
                let k = (y0 + j) * w + x0 + i
                let top = Double(b.pixels[k]) * (1 - tx) + Double(b.pixels[k + 1]) * tx
                let bottom = Double(b.pixels[k + w]) * (1 - tx) + Double(b.pixels[k + w + 1]) * tx
                pb[j * size + i] = top * (1 - ty) + bottom * ty
            }
        }
        let ma = pa.reduce(0, +) / Double(n), mb = pb.reduce(0, +) / Double(n)
        let va = pa.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = pb.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        let gain = gainRange.clamp(vb > 0 ? (va / vb).squareRoot() : 1)
        var cost = 0.0
        for k in 0..<n { let e = gain * (pb[k] - mb) - (pa[k] - ma); cost += e * e }
        return cost
    }

    /// Sum of squared central-difference gradients over a block (half of (gx² + gy²)): the
    /// texture a match can lock onto. Blocks touching the border count only their interior.
    static func gradientEnergy(_ image: GrayImage, x: Int, y: Int, size: Int) -> Double {
        let x0 = max(1, x), y0 = max(1, y)
        let x1 = min(image.width - 1, x + size), y1 = min(image.height - 1, y + size)
        guard x1 > x0, y1 > y0 else { return 0 }
        let w = image.width
        var sum = 0
        image.pixels.withUnsafeBufferPointer { p in
            for row in y0..<y1 {
                for col in x0..<x1 {
                    let i = row * w + col
                    let gx = Int(p[i + 1]) - Int(p[i - 1]), gy = Int(p[i + w]) - Int(p[i - w])
                    sum += gx * gx + gy * gy
                }
            }
        }
        // Central differences span two pixels: divide by 4 for a per-pixel gradient, and by 2 for
        // the per-axis energy the displacement noise formula wants.
        return Double(sum) / 8
    }
}

fileprivate extension ClosedRange<Double> {
    /// `value` brought into the range.
    func clamp(_ value: Double) -> Double { Swift.min(upperBound, Swift.max(lowerBound, value)) }
}
