import Foundation

/// HDR (HLG or PQ, BT.2020) to SDR BT.709 on 16-bit RGB, driven by lookup tables.
///
/// The curve, in the order it is applied to each pixel (values relative to SDR reference
/// white, 1.0 = 203 cd/m² per ITU-R BT.2408):
/// 1. **Linearise.** PQ: SMPTE ST 2084 EOTF, cd/m² ÷ 203. HLG: ARIB STD-B67 inverse OETF
///    (scene light E in 0…1), then the BT.2100 OOTF for a 1000 cd/m² display,
///    `Fd = 1000 · Ys^(1.2−1) · E` with `Ys` the BT.2020 luminance of E, ÷ 203. With these
///    choices a 75 % HLG signal — where BT.2100 puts diffuse white and skin highlights —
///    lands on exactly 1.0, so faces keep SDR brightness instead of looking grey and flat
///    (the "washed out" look of HLG shown as if it were BT.709).
/// 2. **Primaries.** Linear BT.2020 → BT.709 (the BT.2087 matrix); negatives clipped.
/// 3. **Highlight roll-off** on max(R,G,B), hue-preserving: identity up to the knee
///    k = 0.75, above it `y = k + (1−k)·t·(1 + t/w²)/(1 + t)` with `t = (x−k)/(1−k)` and
///    `w = (peak−k)/(1−k)` (extended Reinhard), peak = 1000/203. The curve is continuous
///    with slope 1 at the knee and reaches 1.0 at the peak; mid-tones (skin) are unchanged.
/// 4. **Encode** with the BT.709 OETF.
///
/// Tables: 4096-entry linearisation indexed by the top 12 bits of the 16-bit code (12-bit
/// PQ is below the visibility threshold), 1024-entry OOTF gain, 4096-entry roll-off and
/// OETF tables; per pixel this is table look-ups plus one 3×3 matrix, applied at the
/// output size (after downscaling) so it costs a fraction of the decode.
struct ToneMapper: Sendable {
    enum Transfer: Sendable { case hlg, pq }

    static let referenceWhite: Float = 203
    static let displayPeak: Float = 1000
    static let knee: Float = 0.75

    let transfer: Transfer
    private let linear: [Float]       // code >> 4 → linear (PQ: relative to ref white; HLG: scene E)
    private let ootfGain: [Float]     // HLG only: Ys * 1023 → 1000 · Ys^0.2 / 203
    private let rollOffScale: [Float] // m * rollOffIndexScale → f(m)/m
    private let oetf: [UInt16]        // v * 4095 → BT.709 OETF(v) · 65535
    private let peak: Float
    private let rollOffIndexScale: Float

    init(transfer: Transfer) {
        self.transfer = transfer
        linear = (0..<4096).map { i in
            let signal = (Float(i) + 0.5) / 4096
            switch transfer {
            case .pq: return ToneMapper.pqEOTF(signal) / ToneMapper.referenceWhite
            case .hlg: return ToneMapper.hlgInverseOETF(signal)
            }
        }
        ootfGain = (0..<1024).map { i in
            let ys = max(Float(i) / 1023, 1e-6)
            return ToneMapper.displayPeak * powf(ys, 0.2) / ToneMapper.referenceWhite
        }
        peak = ToneMapper.displayPeak / ToneMapper.referenceWhite
        rollOffIndexScale = 4095 / peak
        let peak = self.peak
        rollOffScale = (0..<4096).map { i in
            let m = Float(i) / 4095 * peak
            return m <= ToneMapper.knee ? 1 : ToneMapper.rollOff(m, peak: peak) / m
        }
        oetf = (0..<4096).map { i in
            UInt16((ToneMapper.bt709OETF(Float(i) / 4095) * 65535).rounded())
        }
    }

    /// Tone-maps `count` packed RGB48 pixels in place.
    func apply(_ pixels: UnsafeMutablePointer<UInt16>, count: Int) {
        linear.withUnsafeBufferPointer { lin in
        ootfGain.withUnsafeBufferPointer { gain in
        rollOffScale.withUnsafeBufferPointer { roll in
        oetf.withUnsafeBufferPointer { out in
            let hlg = transfer == .hlg
            let rollScale = rollOffIndexScale
            var p = pixels
            for _ in 0..<count {
                var r = lin[Int(p[0] &>> 4)], g = lin[Int(p[1] &>> 4)], b = lin[Int(p[2] &>> 4)]
                if hlg {
                    let ys = 0.2627 * r + 0.6780 * g + 0.0593 * b
                    let k = gain[Int(min(max(ys, 0), 1) * 1023)]
                    r *= k; g *= k; b *= k
                }
                // BT.2087 linear BT.2020 → BT.709.
                var r7 = 1.6605 * r - 0.5876 * g - 0.0728 * b
                var g7 = -0.1246 * r + 1.1329 * g - 0.0083 * b
                var b7 = -0.0182 * r - 0.1006 * g + 1.1187 * b
                r7 = max(r7, 0); g7 = max(g7, 0); b7 = max(b7, 0)
                let m = max(r7, max(g7, b7))
                if m > ToneMapper.knee {
                    let s = roll[Int(min(m * rollScale, 4095))]
                    r7 *= s; g7 *= s; b7 *= s
                }
                p[0] = out[Int(min(r7, 1) * 4095)]
                p[1] = out[Int(min(g7, 1) * 4095)]
                p[2] = out[Int(min(b7, 1) * 4095)]
                p += 3
            }
        }}}}
    }

    // MARK: - The curves (exact formulas; the tables sample them)

    /// SMPTE ST 2084: signal 0…1 → cd/m² 0…10000.
    static func pqEOTF(_ e: Float) -> Float {
        let m1: Float = 2610 / 16384, m2: Float = 2523 / 4096 * 128
        let c1: Float = 3424 / 4096, c2: Float = 2413 / 4096 * 32, c3: Float = 2392 / 4096 * 32
        let p = powf(max(e, 0), 1 / m2)
        return 10000 * powf(max(p - c1, 0) / (c2 - c3 * p), 1 / m1)
    }

    /// ARIB STD-B67 / BT.2100 HLG inverse OETF: signal 0…1 → scene light 0…1.
    static func hlgInverseOETF(_ e: Float) -> Float {
        let a: Float = 0.17883277, b: Float = 0.28466892, c: Float = 0.55991073
        return e <= 0.5 ? e * e / 3 : (expf((e - c) / a) + b) / 12
    }

    /// The highlight roll-off of step 3 (x ≥ knee).
    static func rollOff(_ x: Float, peak: Float) -> Float {
        let k = knee
        let t = (x - k) / (1 - k)
        let w = (peak - k) / (1 - k)
        return k + (1 - k) * t * (1 + t / (w * w)) / (1 + t)
    }

    /// ITU-R BT.709 OETF: linear 0…1 → signal 0…1.
    static func bt709OETF(_ l: Float) -> Float {
        l < 0.018 ? 4.5 * l : 1.099 * powf(l, 0.45) - 0.099
    }
}
