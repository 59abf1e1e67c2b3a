/// The best plane-to-plane mapping (a homography) between matched points, and how far each point
/// is from it.
///
/// A photo or a screen moved in the hand moves as one plane: shift, zoom and roll (a similarity),
/// shear, and — when the paper or phone tilts — perspective. An affine model misses the
/// perspective part: a 20° tilt of a printed face leaves 1–2 px of "motion" an affine fit cannot
/// explain, as much as a blink. A homography explains every motion of a flat picture, so what it
/// leaves over is what a plane cannot do: eyelids, lips, a nose turning against the cheeks.
enum PlanarFit {
    /// One matched point: where a block was in the first frame and how far it moved.
    struct Match {
        var x: Double
        var y: Double
        var dx: Double
        var dy: Double
    }

    /// Each match's distance (pixels) from the weighted least-squares homography through `matches`,
    /// or nil when the points do not pin a homography down (fewer than 5 weighted points, or all on
    /// a line): then no residual could be trusted.
    static func residuals(_ matches: [Match], weights: [Double]) -> [Double]? {
        residualVectors(matches, weights: weights)?.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }
    }

    /// Each match's offset (pixels) from where the least-squares homography through `matches` puts
    /// it: the measured motion minus the planar one. Nil as for ``residuals(_:weights:)``.
    static func residualVectors(_ matches: [Match], weights: [Double]) -> [(dx: Double, dy: Double)]? {
        guard matches.count == weights.count, weights.filter({ $0 > 0 }).count >= 5 else { return nil }
        // Centre and scale the coordinates so the 8×8 system is well conditioned (Hartley's
        // normalisation): raw pixel products of 300² would swamp the translation terms.
        let wsum = weights.reduce(0, +)
        let cx = zip(matches, weights).reduce(0) { $0 + $1.0.x * $1.1 } / wsum
        let cy = zip(matches, weights).reduce(0) { $0 + $1.0.y * $1.1 } / wsum
        let spread = zip(matches, weights).reduce(0) { $0 + (abs($1.0.x - cx) + abs($1.0.y - cy)) * $1.1 } / wsum
        guard spread > 1e-6 else { return nil }
        let s = 1 / spread
        var normal = [[Double]](repeating: [Double](repeating: 0, count: 8), count: 8)
        var rhs = [Double](repeating: 0, count: 8)
        for (m, w) in zip(matches, weights) where w > 0 {
            let x = (m.x - cx) * s, y = (m.y - cy) * s
            let u = (m.x + m.dx - cx) * s, v = (m.y + m.dy - cy) * s
            // u (h6 x + h7 y + 1) = h0 x + h1 y + h2;  v (h6 x + h7 y + 1) = h3 x + h4 y + h5
            for (row, target) in [([x, y, 1, 0, 0, 0, -x * u, -y * u], u), ([0, 0, 0, x, y, 1, -x * v, -y * v], v)] {
                for i in 0..<8 {
                    rhs[i] += w * row[i] * target
                    for j in 0..<8 { normal[i][j] += w * row[i] * row[j] }
                }
            }
        }
        guard let h = solve(normal, rhs) else { return nil }
        return matches.map { m in
            let x = (m.x - cx) * s, y = (m.y - cy) * s
            let d = h[6] * x + h[7] * y + 1
            guard abs(d) > 1e-9 else { return (dx: .infinity, dy: .infinity) }
            let u = (h[0] * x + h[1] * y + h[2]) / d, v = (h[3] * x + h[4] * y + h[5]) / d
            return (dx: ((m.x + m.dx - cx) * s - u) / s, dy: ((m.y + m.dy - cy) * s - v) / s)
        }
    }

    /// Gaussian elimination with partial pivoting; nil for a (near-)singular system.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a, r = b
        let scale = a.map { $0.map(abs).max() ?? 0 }.max() ?? 0
        guard scale > 0 else { return nil }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            guard abs(m[pivot][col]) > 1e-12 * scale else { return nil }
            m.swapAt(col, pivot); r.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = m[row][col] / m[col][col]
                guard f != 0 else { continue }
                for k in col..<n { m[row][k] -= f * m[col][k] }
                r[row] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = r[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
