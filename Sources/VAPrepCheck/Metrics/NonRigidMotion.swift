/// How much a face moves *non-rigidly* between two frames: the anti photo-replay signal.
///
/// A live face deforms (blinks, speaks, turns in 3-D so nose and cheeks move differently); a printed
/// photo or a replayed still on a screen can only move as a plane: shift, zoom, roll, shear and the
/// perspective of a tilt. So: match small blocks of the face between the two frames, fit the best
/// homography (``PlanarFit``, which contains every motion of a flat picture) and measure what the
/// fit cannot explain. The raw frame difference cannot tell the two apart — shaking a still photo
/// changes as many pixels as a live face — and removing the shift alone is not enough.
///
/// Sensor noise and repeating patterns move block matches too, so the frames are smoothed according
/// to the noise measured on the face (``NoiseLevel``) and then rid of detail finer than the face's
/// features (``BoxSmoothing/detailFilter(_:)``), blocks whose match is ambiguous are left out
/// (``BlockMatch``), and of each block's residual only what is significant counts: how much better
/// the block's own match explains its pixels than the plane's prediction does, against the error
/// left at the match (``significant(gain:noise:)``). A deforming face keeps most of its residual; a
/// noisy or flickering still loses it.
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
    /// count. On the calibration corpus (docs/calibration.md) the calmest live faces keep 0.38–0.56
    /// with it, above the fail limit.
    static let noiseAllowance = 2.5
    /// The share of the noise variance that smoothing took out of each pixel which is added back to
    /// the error per pixel in the significance test (``significant(gain:noise:)``). For white noise
    /// the whole of it belongs there (a box filter averages noise, it does not remove it from a
    /// block's sum); camera noise after H.264 is already smoother than white, so less of it is
    /// hidden. Set on the calibration corpus (docs/calibration.md): 1 takes the dim live faces'
    /// median to 0.17, 0.25 leaves the noisiest print at 0.25; 0.5 keeps them 0.28 and 0.10.
    static let hiddenNoiseShare = 0.5
    /// The share of the step's median block residual taken off every block's significant residual
    /// (see ``measurement(from:to:face:)``). Set on the calibration corpus (docs/calibration.md):
    /// 0.5 takes the largest replay from 0.21 to 0.08 at 30 fps with the calmest live face at 0.24
    /// (3.0×); 0.75 gives 3.7× but leaves a calm expression under noise (``ReplayMotionTests``)
    /// below the fail limit; 1 takes the calmest live face from 0.37–0.39 to 0.05–0.15.
    static let commonResidualShare = 0.5
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
        // Then detail finer than the face's features (a screen's moiré, grain) goes, on every face.
        let a = BoxSmoothing.detailFilter(BoxSmoothing.apply(first.cropped(to: region), passes: passes))
        let b = BoxSmoothing.detailFilter(BoxSmoothing.apply(second.cropped(to: region), passes: passes))
        let face = FaceBox(x: box.x - x0, y: box.y - y0, width: box.width, height: box.height)
        let residualNoise = noise * BoxSmoothing.noiseFactor(passes: passes, detail: true)
        // Smoothing takes noise out of each pixel, not out of a block's sum: what it removed is still
        // in the sum, spread over neighbouring pixels, where the per-pixel error at a match does not
        // show it. Per pixel, for both frames (see `hiddenNoiseShare`).
        let hiddenNoise = hiddenNoiseShare * 2 * max(0, noise * noise - residualNoise * residualNoise)
        // A 7×7 grid over the face box inset by 10%, so blocks see face, not background.
        let grid = 7
        let inset = Double(face.width) * 0.1
        let span = Double(face.width) - 2 * inset - Double(blockSize)
        var points: [PlanarFit.Match] = []
        var floors: [Double] = []
        var origins: [(x: Int, y: Int)] = []
        for gy in 0..<grid {
            for gx in 0..<grid {
                let bx = face.x + Int(inset + span * Double(gx) / Double(grid - 1))
                let by = face.y + Int(inset + span * Double(gy) / Double(grid - 1) * Double(face.height) / Double(face.width))
                guard let m = BlockMatch.match(a, b, x: bx, y: by, size: blockSize, guess: global, radius: radius,
                                               minContrast: max(4, textureOverNoise * residualNoise)),
                      // An ambiguous match (a repeating pattern such as a screen's moiré, or noise)
                      // says nothing about where the block went: left out of the fit and the score.
                      !m.ambiguous else { continue }
                let c = Double(blockSize) / 2
                points.append(PlanarFit.Match(x: Double(bx) + c, y: Double(by) + c, dx: m.dx, dy: m.dy))
                origins.append((bx, by))
                // The match's own uncertainty when the gradient step could estimate it (what is left
                // of the block after the best shift: noise, compression, resampling); otherwise the
                // sensor-noise estimate over the block's texture (σ·√2 for noise in both frames per
                // axis over the root of the gradient energy, √2 more for the 2-D length).
                let spread = m.spread ?? 2 * residualNoise / max(1, BlockMatch.gradientEnergy(a, x: bx, y: by, size: blockSize)).squareRoot()
                floors.append(noiseAllowance * spread)
            }
        }
        guard points.count >= 8, var vectors = PlanarFit.residualVectors(points, weights: [Double](repeating: 1, count: points.count)) else { return nil }
        // Refit on the blocks the first fit explains well, so a few blinking or mismatched blocks
        // cannot bend the planar model; the residual is then measured on every block.
        let first = vectors.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }
        let cut = max(0.25, 2 * median(first))
        if let refit = PlanarFit.residualVectors(points, weights: first.map { $0 <= cut ? 1 : 0 }) { vectors = refit }
        let residuals = vectors.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }
        // What of each residual is real: how much better the block's own match explains its pixels
        // than the plane does, against the noise left at the match (see `significant`).
        var aboveNoise: [Double] = []
        for i in points.indices {
            let p = points[i], v = vectors[i], o = origins[i]
            if let own = BlockMatch.alignmentCost(a, b, x: o.x, y: o.y, size: blockSize, dx: p.dx, dy: p.dy),
               let planar = BlockMatch.alignmentCost(a, b, x: o.x, y: o.y, size: blockSize, dx: p.dx - v.dx, dy: p.dy - v.dy) {
                let perPixel = own / Double(max(1, blockSize * blockSize - 3)) + hiddenNoise
                aboveNoise.append(residuals[i] * significant(gain: planar - own, noise: perPixel))
            } else {
                aboveNoise.append(max(0, residuals[i] - floors[i]))
            }
        }
        // What every block shows is not the face deforming: a blink or a word moves a minority of
        // the blocks, while compression leaves all of them a little off the plane — artefacts the
        // encoder laid over a flicker or a fine pattern, correlated over several pixels, so the
        // per-pixel error above underrates them. A block counts by how far it exceeds a share of
        // the step's median residual.
        let common = commonResidualShare * median(residuals)
        aboveNoise = aboveNoise.map { max(0, $0 - common) }
        let scale = 100 / Double(box.width)
        // The mean of the upper half: blinks and mouth movement touch a minority of blocks, and
        // matching noise of a rigid still stays in the lower half. The largest block is left out:
        // a blink moves both eyes and speech several blocks of the mouth, so a face's motion shows
        // in more than one block, while one block that alone moved far is a mismatch (noise on a
        // faint picture, a compression artefact) and would otherwise decide the mean on its own.
        func upperMean(_ values: [Double]) -> Double {
            let sorted = values.sorted().dropLast()
            let upper = sorted[(sorted.startIndex + sorted.count / 2)...]
            return upper.reduce(0, +) / Double(upper.count) * scale
        }
        return Measurement(score: upperMean(aboveNoise), raw: upperMean(residuals), noise: noise)
    }

    /// The share of a block's residual that is real motion, from the likelihood-ratio test between
    /// the block's own match and the plane's prediction: `gain` is how much less squared error the
    /// own match leaves (sum over the block), `noise` the squared error per pixel left at the match.
    /// For a well-measured shift this is 1 − allowance·σ/|r| (the residual less `noiseAllowance`
    /// standard deviations of the match); for a match that noise or a repeating pattern pulled to a
    /// wrong place — the plane explains the pixels nearly as well — it is 0, however far it moved.
    static func significant(gain: Double, noise: Double) -> Double {
        guard gain > 0 else { return 0 }
        return max(0, 1 - (2 * noiseAllowance * noiseAllowance * noise / gain).squareRoot())
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
}
