/// How much a face moves *non-rigidly* between two frames: the anti photo-replay signal.
///
/// A live face deforms (blinks, speaks, turns in 3-D so nose and cheeks move differently); a printed
/// photo or a replayed still on a screen can only move as a whole: shift, zoom, small rotation, and
/// a slight shear when the paper tilts. So: match small blocks of the face between the two frames,
/// fit the best affine motion (which contains every rigid/planar motion of a flat picture) by least
/// squares, and measure what the fit cannot explain. The raw frame difference cannot tell the two
/// apart — shaking a still photo changes as many pixels as a live face — and removing the shift
/// alone is not enough (a ±1° wobble of a still then scores 3.8–7.8 against 9–50 for a live face).
///
/// The result is in pixels per 100 pixels of face width, so it does not depend on the face size:
/// ≈ 0.1–0.3 for any rigid motion of a still, several units for a live face.
public enum NonRigidMotion {
    /// Residual non-rigid motion of the face `box` (found in `first`) between `first` and `second`,
    /// or nil when the face has too little texture to match (e.g. a black or washed-out crop).
    public static func measure(from first: GrayImage, to second: GrayImage, face box: FaceBox) -> Double? {
        guard first.width == second.width, first.height == second.height, box.width >= 24, box.height >= 24 else { return nil }
        let blockSize = max(6, box.width / 8)
        let radius = max(3, box.width / 10)
        let global = globalShift(first, second, box: box)
        // A 7×7 grid over the face box inset by 10%, so blocks see face, not background.
        let grid = 7
        let inset = Double(box.width) * 0.1
        let span = Double(box.width) - 2 * inset - Double(blockSize)
        var points: [(x: Double, y: Double, u: Double, v: Double)] = []
        for gy in 0..<grid {
            for gx in 0..<grid {
                let bx = box.x + Int(inset + span * Double(gx) / Double(grid - 1))
                let by = box.y + Int(inset + span * Double(gy) / Double(grid - 1) * Double(box.height) / Double(box.width))
                guard let m = matchBlock(first, second, x: bx, y: by, size: blockSize,
                                         guess: global, radius: radius) else { continue }
                let c = Double(blockSize) / 2
                points.append((Double(bx) + c, Double(by) + c, m.dx, m.dy))
            }
        }
        guard points.count >= 8 else { return nil }
        var residuals = affineResiduals(points, weights: [Double](repeating: 1, count: points.count))
        // Refit on the blocks the first fit explains well, so a few blinking or mismatched blocks
        // cannot bend the rigid model; the residual is then measured on every block.
        let cut = max(0.25, 2 * median(residuals))
        residuals = affineResiduals(points, weights: residuals.map { $0 <= cut ? 1 : 0 })
        let scale = 100 / Double(box.width)
        // The mean of the upper half: blinks and mouth movement touch a minority of blocks, and
        // matching noise of a rigid still stays in the lower half.
        let sorted = residuals.sorted()
        let upper = sorted[(sorted.count / 2)...]
        return upper.reduce(0, +) / Double(upper.count) * scale
    }

    private static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    /// Best integer shift of the whole (2× subsampled) face between the frames, so the block search
    /// can stay small even when the head or the phone moves a lot.
    static func globalShift(_ a: GrayImage, _ b: GrayImage, box: FaceBox) -> (Int, Int) {
        let r = max(4, box.width / 3)
        let x0 = box.x + box.width / 4, y0 = box.y + box.height / 4
        let w = box.width / 2, h = box.height / 2
        var best = (0, 0), bestCost = Double.infinity
        a.pixels.withUnsafeBufferPointer { pa in
            b.pixels.withUnsafeBufferPointer { pb in
                for dy in stride(from: -r, through: r, by: 2) {
                    for dx in stride(from: -r, through: r, by: 2) {
                        guard x0 + dx >= 0, y0 + dy >= 0, x0 + dx + w <= b.width, y0 + dy + h <= b.height,
                              x0 >= 0, y0 >= 0, x0 + w <= a.width, y0 + h <= a.height else { continue }
                        var cost = 0
                        for y in stride(from: 0, to: h, by: 2) {
                            let ra = (y0 + y) * a.width + x0, rb = (y0 + dy + y) * b.width + x0 + dx
                            for x in stride(from: 0, to: w, by: 2) { cost += abs(Int(pa[ra + x]) - Int(pb[rb + x])) }
                        }
                        // Prefer the smaller shift on ties (flat regions).
                        let c = Double(cost) + Double(dx * dx + dy * dy) * 1e-6
                        if c < bestCost { bestCost = c; best = (dx, dy) }
                    }
                }
            }
        }
        return best
    }

    /// Sub-pixel displacement of the block at (x, y) from `a` to `b`, searched around `guess`;
    /// nil for flat blocks whose match would be noise.
    static func matchBlock(_ a: GrayImage, _ b: GrayImage, x: Int, y: Int, size: Int,
                           guess: (Int, Int), radius: Int) -> (dx: Double, dy: Double)? {
        guard x >= 0, y >= 0, x + size <= a.width, y + size <= a.height else { return nil }
        return a.pixels.withUnsafeBufferPointer { pa -> (dx: Double, dy: Double)? in
            b.pixels.withUnsafeBufferPointer { pb -> (dx: Double, dy: Double)? in
                // Zero-mean matching: a lamp flicker or auto-exposure step must not look like motion.
                var meanA = 0
                for j in 0..<size { for i in 0..<size { meanA += Int(pa[(y + j) * a.width + x + i]) } }
                meanA /= size * size
                var varA = 0
                for j in 0..<size { for i in 0..<size { let d = Int(pa[(y + j) * a.width + x + i]) - meanA; varA += d * d } }
                guard varA / (size * size) >= 16 else { return nil }
                let side = 2 * radius + 1
                var costs = [Int](repeating: Int.max, count: side * side)
                var best = Int.max, bi = -1
                for sy in -radius...radius {
                    for sx in -radius...radius {
                        let ox = x + guess.0 + sx, oy = y + guess.1 + sy
                        guard ox >= 0, oy >= 0, ox + size <= b.width, oy + size <= b.height else { continue }
                        var meanB = 0
                        for j in 0..<size { for i in 0..<size { meanB += Int(pb[(oy + j) * b.width + ox + i]) } }
                        meanB /= size * size
                        var cost = 0
                        for j in 0..<size {
                            let ra = (y + j) * a.width + x, rb = (oy + j) * b.width + ox
                            for i in 0..<size { cost += abs(Int(pa[ra + i]) - meanA - Int(pb[rb + i]) + meanB) }
                        }
                        let k = (sy + radius) * side + sx + radius
                        costs[k] = cost
                        if cost < best || (cost == best && abs(sx) + abs(sy) < abs(bi % side - radius) + abs(bi / side - radius)) {
                            best = cost; bi = k
                        }
                    }
                }
                guard bi >= 0 else { return nil }
                let bx = bi % side, by = bi / side
                // Parabola through the cost minimum and its neighbours for sub-pixel precision.
                func refine(_ l: Int, _ c: Int, _ r: Int) -> Double {
                    guard l != Int.max, r != Int.max else { return 0 }
                    let den = Double(l - 2 * c + r)
                    return den > 0 ? max(-0.5, min(0.5, 0.5 * Double(l - r) / den)) : 0
                }
                let fx = bx > 0 && bx < side - 1 ? refine(costs[by * side + bx - 1], best, costs[by * side + bx + 1]) : 0
                let fy = by > 0 && by < side - 1 ? refine(costs[(by - 1) * side + bx], best, costs[(by + 1) * side + bx]) : 0
                return (Double(guess.0 + bx - radius) + fx, Double(guess.1 + by - radius) + fy)
            }
        }
    }

    /// Weighted least-squares affine fit of the displacements; returns every point's residual length.
    static func affineResiduals(_ p: [(x: Double, y: Double, u: Double, v: Double)], weights: [Double]) -> [Double] {
        // Centre coordinates for a well-conditioned 3×3 system (solved once for u, once for v).
        let wsum = max(weights.reduce(0, +), 1e-9)
        let cx = zip(p, weights).reduce(0) { $0 + $1.0.x * $1.1 } / wsum
        let cy = zip(p, weights).reduce(0) { $0 + $1.0.y * $1.1 } / wsum
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        var bu = [0.0, 0, 0], bv = [0.0, 0, 0]
        for (q, w) in zip(p, weights) where w > 0 {
            let f = [q.x - cx, q.y - cy, 1]
            for i in 0..<3 {
                for j in 0..<3 { m[i][j] += w * f[i] * f[j] }
                bu[i] += w * f[i] * q.u
                bv[i] += w * f[i] * q.v
            }
        }
        let cu = solve3(m, bu), cv = solve3(m, bv)
        return p.map { q in
            let fx = q.x - cx, fy = q.y - cy
            let ru = q.u - (cu[0] * fx + cu[1] * fy + cu[2])
            let rv = q.v - (cv[0] * fx + cv[1] * fy + cv[2])
            return (ru * ru + rv * rv).squareRoot()
        }
    }

    /// Cramer's rule; a singular system (all blocks on a line) falls back to the mean shift.
    private static func solve3(_ m: [[Double]], _ b: [Double]) -> [Double] {
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        guard abs(d) > 1e-9 else { return [0, 0, m[2][2] > 0 ? b[2] / m[2][2] : 0] }
        return (0..<3).map { k in
            var mk = m
            for i in 0..<3 { mk[i][k] = b[i] }
            return det(mk) / d
        }
    }
}
