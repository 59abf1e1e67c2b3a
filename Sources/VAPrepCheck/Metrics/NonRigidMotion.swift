/// How much a face moves *non-rigidly* between two frames: the anti photo-replay signal.
///
/// A live face deforms (blinks, speaks, turns in 3-D so nose and cheeks move differently); a printed
/// photo or a replayed still on a screen can only move as a plane: shift, zoom, roll, shear and the
/// perspective of a tilt. So: match small blocks of the face between the two frames, fit the best
/// homography (``PlanarFit``, which contains every motion of a flat picture) and measure what the
/// fit cannot explain. The raw frame difference cannot tell the two apart — shaking a still photo
/// changes as many pixels as a live face — and removing the shift alone is not enough.
///
/// Sensor noise moves block matches too, so the frames are smoothed according to the noise measured
/// on the face (``NoiseLevel``) and each block's residual is reduced by the uncertainty of its own
/// match, estimated from the same two frames (what the best shift leaves unexplained, over the
/// block's texture). A deforming face keeps most of its residual; a noisy still loses it.
///
/// The result is in pixels per 100 pixels of face width, so it does not depend on the face size.
public enum NonRigidMotion {
    /// What one frame pair measured.
    public struct Measurement: Sendable, Equatable {
        /// Non-rigid motion above the noise floor, pixels per 100 px of face width (the score).
        public var score: Double
        /// The same before the noise floor was taken off.
        public var raw: Double
        /// Noise standard deviation on the face, grey levels (mean of the two frames).
        public var noise: Double
    }

    /// How many standard deviations of its match's uncertainty a block's residual must exceed to
    /// count. Set on the calibration corpus (docs/calibration.md): 4 lowered noisy printed replays
    /// by about a fifth but pushed three calm live faces under the fail limit; 2.5 keeps them clear.
    static let noiseAllowance = 2.5
    /// Noise levels (grey levels) from which the frames are smoothed once / twice before matching.
    static let mildNoise = 1.5
    static let strongNoise = 4.0
    /// A block is matched only when its contrast (standard deviation, grey levels) is at least this
    /// many times the noise left after smoothing: below that, noise picks the best match, not the
    /// picture, and a still "moves" by whole pixels.
    static let textureOverNoise = 4.0

    /// Residual non-rigid motion of the face `box` (found in `first`) between `first` and `second`,
    /// or nil when the face has too little texture to match (e.g. a black or washed-out crop).
    public static func measure(from first: GrayImage, to second: GrayImage, face box: FaceBox) -> Double? {
        measurement(from: first, to: second, face: box)?.score
    }

    /// The score with the quantities it came from; nil as for ``measure(from:to:face:)``.
    public static func measurement(from first: GrayImage, to second: GrayImage, face box: FaceBox) -> Measurement? {
        guard first.width == second.width, first.height == second.height, box.width >= 24, box.height >= 24 else { return nil }
        let blockSize = max(6, box.width / 8)
        let radius = max(3, box.width / 10)
        let global = globalShift(first, second, box: box)
        let noise = (NoiseLevel.sigma(first, in: box) + NoiseLevel.sigma(second, in: box)) / 2
        // Smooth away the measured noise before matching — more passes for more noise — on a crop
        // that holds every block and its search range, so the cost does not grow with the frame.
        let passes = (noise >= mildNoise ? 1 : 0) + (noise >= strongNoise ? 1 : 0)
        let margin = radius + max(abs(global.0), abs(global.1)) + 2
        let x0 = max(0, box.x - margin), y0 = max(0, box.y - margin)
        let region = FaceBox(x: x0, y: y0, width: min(first.width, box.x + box.width + margin) - x0,
                             height: min(first.height, box.y + box.height + margin) - y0)
        let a = BoxSmoothing.apply(first.cropped(to: region), passes: passes)
        let b = BoxSmoothing.apply(second.cropped(to: region), passes: passes)
        let face = FaceBox(x: box.x - x0, y: box.y - y0, width: box.width, height: box.height)
        let residualNoise = noise * BoxSmoothing.noiseFactor(passes: passes)
        // A 7×7 grid over the face box inset by 10%, so blocks see face, not background.
        let grid = 7
        let inset = Double(face.width) * 0.1
        let span = Double(face.width) - 2 * inset - Double(blockSize)
        var points: [PlanarFit.Match] = []
        var floors: [Double] = []
        for gy in 0..<grid {
            for gx in 0..<grid {
                let bx = face.x + Int(inset + span * Double(gx) / Double(grid - 1))
                let by = face.y + Int(inset + span * Double(gy) / Double(grid - 1) * Double(face.height) / Double(face.width))
                guard let m = matchBlock(a, b, x: bx, y: by, size: blockSize, guess: global, radius: radius,
                                         minContrast: max(4, textureOverNoise * residualNoise)) else { continue }
                let c = Double(blockSize) / 2
                points.append(PlanarFit.Match(x: Double(bx) + c, y: Double(by) + c, dx: m.dx, dy: m.dy))
                // The match's own uncertainty when the gradient step could estimate it (what is left
                // of the block after the best shift: noise, compression, resampling); otherwise the
                // sensor-noise estimate over the block's texture (σ·√2 for noise in both frames per
                // axis over the root of the gradient energy, √2 more for the 2-D length).
                let spread = m.spread ?? 2 * residualNoise / max(1, gradientEnergy(a, x: bx, y: by, size: blockSize)).squareRoot()
                floors.append(noiseAllowance * spread)
            }
        }
        guard points.count >= 8, var residuals = PlanarFit.residuals(points, weights: [Double](repeating: 1, count: points.count)) else { return nil }
        // Refit on the blocks the first fit explains well, so a few blinking or mismatched blocks
        // cannot bend the planar model; the residual is then measured on every block.
        let cut = max(0.25, 2 * median(residuals))
        if let refit = PlanarFit.residuals(points, weights: residuals.map { $0 <= cut ? 1 : 0 }) { residuals = refit }
        let scale = 100 / Double(box.width)
        // The mean of the upper half: blinks and mouth movement touch a minority of blocks, and
        // matching noise of a rigid still stays in the lower half.
        func upperMean(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let upper = sorted[(sorted.count / 2)...]
            return upper.reduce(0, +) / Double(upper.count) * scale
        }
        let aboveNoise = zip(residuals, floors).map { max(0, $0 - $1) }
        return Measurement(score: upperMean(aboveNoise), raw: upperMean(residuals), noise: noise)
    }

    private static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
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
                           guess: (Int, Int), radius: Int, minContrast: Double = 4) -> (dx: Double, dy: Double, spread: Double?)? {
        guard x >= 0, y >= 0, x + size <= a.width, y + size <= a.height else { return nil }
        return a.pixels.withUnsafeBufferPointer { pa -> (dx: Double, dy: Double, spread: Double?)? in
            b.pixels.withUnsafeBufferPointer { pb -> (dx: Double, dy: Double, spread: Double?)? in
                // Zero-mean matching: a lamp flicker or auto-exposure step must not look like motion.
                var meanA = 0
                for j in 0..<size { for i in 0..<size { meanA += Int(pa[(y + j) * a.width + x + i]) } }
                meanA /= size * size
                var varA = 0
                for j in 0..<size { for i in 0..<size { let d = Int(pa[(y + j) * a.width + x + i]) - meanA; varA += d * d } }
                guard Double(varA) / Double(size * size) >= minContrast * minContrast else { return nil }
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
                let ox = x + guess.0 + bx - radius, oy = y + guess.1 + by - radius
                // Sub-pixel: one Lucas–Kanade step at the best integer offset (solve for the shift d
                // that makes B(p + d) ≈ A(p) to first order). A parabola through SAD costs is biased
                // towards whole pixels by up to 0.2 px, enough to make a moved still look alive.
                if ox >= 1, oy >= 1, ox + size + 1 <= b.width, oy + size + 1 <= b.height {
                    var meanB = 0
                    for j in 0..<size { for i in 0..<size { meanB += Int(pb[(oy + j) * b.width + ox + i]) } }
                    let mb = Double(meanB) / Double(size * size), ma = Double(meanA)
                    var sxx = 0.0, sxy = 0.0, syy = 0.0, sxe = 0.0, sye = 0.0, see = 0.0
                    for j in 0..<size {
                        let rb = (oy + j) * b.width + ox, ra = (y + j) * a.width + x
                        for i in 0..<size {
                            let gx = (Double(pb[rb + i + 1]) - Double(pb[rb + i - 1])) / 2
                            let gy = (Double(pb[rb + i + b.width]) - Double(pb[rb + i - b.width])) / 2
                            let e = (Double(pb[rb + i]) - mb) - (Double(pa[ra + i]) - ma)
                            sxx += gx * gx; sxy += gx * gy; syy += gy * gy
                            sxe += gx * e; sye += gy * e; see += e * e
                        }
                    }
                    let det = sxx * syy - sxy * sxy
                    if det > 1e-6 * max(1, sxx * syy) {
                        let dx = -(syy * sxe - sxy * sye) / det
                        let dy = -(sxx * sye - sxy * sxe) / det
                        // What the shift leaves unexplained, per pixel, spread over the gradient
                        // system: the covariance of the estimated shift is σe² · S⁻¹.
                        let left = max(0, see + dx * sxe + dy * sye) / Double(max(1, size * size - 2))
                        let spread = (left * (sxx + syy) / det).squareRoot()
                        return (Double(ox - x) + max(-1, min(1, dx)), Double(oy - y) + max(-1, min(1, dy)), spread)
                    }
                }
                // At the border: a parabola through the cost minimum and its neighbours.
                func refine(_ l: Int, _ c: Int, _ r: Int) -> Double {
                    guard l != Int.max, r != Int.max else { return 0 }
                    let den = Double(l - 2 * c + r)
                    return den > 0 ? max(-0.5, min(0.5, 0.5 * Double(l - r) / den)) : 0
                }
                let fx = bx > 0 && bx < side - 1 ? refine(costs[by * side + bx - 1], best, costs[by * side + bx + 1]) : 0
                let fy = by > 0 && by < side - 1 ? refine(costs[(by - 1) * side + bx], best, costs[(by + 1) * side + bx]) : 0
                return (Double(guess.0 + bx - radius) + fx, Double(guess.1 + by - radius) + fy, nil)
            }
        }
    }
}
