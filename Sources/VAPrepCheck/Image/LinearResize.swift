/// Bilinear downscaling identical to OpenCV's `cv::resize(…, INTER_LINEAR_EXACT)` on 8-bit pictures,
/// the interpolation `CascadeClassifier` uses to build its pyramid (OpenCV ≥ 4.x `FeatureEvaluator::setImage`).
///
/// Every pyramid level feeds the cascade, so one pixel off by one can move a detection. OpenCV's
/// bit-exact path works in fixed point: for output index `d`, source position
/// `f = (d + 0.5) · (src / dst) − 0.5` (Double), `s = floor(f)`, weights `c1 = round((f − s) · 256)`,
/// `c0 = 256 − c1`; positions past the last source pixel take that pixel whole. A horizontal pass gives
/// 16-bit values with 8 fractional bits, the vertical pass multiplies by 8-bit weights again and rounds
/// `(v + 2¹⁵) >> 16`. An exact 2:1 reduction (which OpenCV routes to INTER_AREA) yields the same numbers.
/// Checked against `cv2.resize` fingerprints in `testdata/check/opencv-reference.json`.
enum LinearResize {
    static func resize(_ src: GrayImage, width dw: Int, height dh: Int) -> GrayImage {
        if dw == src.width && dh == src.height { return src }
        var out = [UInt8](repeating: 0, count: dw * dh)
        resize(src, width: dw, height: dh, into: &out)
        return GrayImage(width: dw, height: dh, pixels: out)
    }

    /// Writes the resized picture into the first `dw * dh` bytes of `out`, reusing the caller's buffer.
    static func resize(_ src: GrayImage, width dw: Int, height dh: Int, into out: inout [UInt8]) {
        let sw = src.width, sh = src.height
        precondition(out.count >= dw * dh && dw > 0 && dh > 0)
        if dw == sw && dh == sh {
            out.withUnsafeMutableBufferPointer { o in src.pixels.withUnsafeBufferPointer { s in
                o.baseAddress!.update(from: s.baseAddress!, count: sw * sh) } }
            return
        }
        let (xofs, xc0, xc1) = coefficients(count: dw, source: sw)
        let (yofs, yc0, yc1) = coefficients(count: dh, source: sh)
        var row0 = [UInt32](repeating: 0, count: dw), row1 = [UInt32](repeating: 0, count: dw)
        var row0Source = -1, row1Source = -1
        src.pixels.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                func horizontal(_ sy: Int, _ dst: UnsafeMutablePointer<UInt32>) {
                    let line = s.baseAddress! + sy * sw
                    for dx in 0..<dw {
                        let sx = xofs[dx]
                        let right = sx + 1 < sw ? UInt32(line[sx + 1]) : 0
                        dst[dx] = UInt32(line[sx]) * xc0[dx] + right * xc1[dx]
                    }
                }
                for dy in 0..<dh {
                    let sy0 = yofs[dy], sy1 = min(yofs[dy] + 1, sh - 1)
                    // Consecutive output rows share source rows; compute each source row once.
                    if row0Source != sy0 {
                        if row1Source == sy0 { swap(&row0, &row1); swap(&row0Source, &row1Source) }
                        else { row0.withUnsafeMutableBufferPointer { horizontal(sy0, $0.baseAddress!) }; row0Source = sy0 }
                    }
                    if row1Source != sy1 {
                        row1.withUnsafeMutableBufferPointer { horizontal(sy1, $0.baseAddress!) }; row1Source = sy1
                    }
                    let b0 = yc0[dy], b1 = yc1[dy]
                    let dst = o.baseAddress! + dy * dw
                    row0.withUnsafeBufferPointer { r0 in row1.withUnsafeBufferPointer { r1 in
                        for dx in 0..<dw {
                            dst[dx] = UInt8(truncatingIfNeeded: (r0[dx] * b0 + r1[dx] * b1 + 32768) >> 16)
                        }
                    } }
                }
            }
        }
    }

    private static func coefficients(count: Int, source: Int) -> ([Int], [UInt32], [UInt32]) {
        var ofs = [Int](repeating: 0, count: count)
        var c0 = [UInt32](repeating: 256, count: count), c1 = [UInt32](repeating: 0, count: count)
        let scale = 1 / (Double(count) / Double(source))
        for d in 0..<count {
            let f = scale * (Double(d) + 0.5) - 0.5
            let s = Int(f.rounded(.down))
            if s < 0 {
                ofs[d] = 0
            } else if s < source - 1 {
                ofs[d] = s
                let w = UInt32(((f - Double(s)) * 256).rounded(.toNearestOrEven))
                c1[d] = w
                c0[d] = 256 - w
            } else {
                ofs[d] = source - 1
            }
        }
        return (ofs, c0, c1)
    }
}
