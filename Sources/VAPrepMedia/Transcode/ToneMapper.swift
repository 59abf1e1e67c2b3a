import Foundation
internal import CVAPrepToneMap

/// HDR (HLG or PQ, BT.2020) to SDR BT.709, driven by lookup tables.
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
/// 4. **Encode** with the BT.709 OETF, then the BT.709 Y'CbCr matrix, limited range.
///
/// Tables: 4096-entry linearisation indexed by the signal rounded to 12 bits (12-bit PQ is
/// below the visibility threshold), 1024-entry OOTF gain, 4096-entry roll-off, OETF and
/// grey-curve tables. The colour mapping runs once per 2×2 block, each pixel's luma detail
/// through the grey curve (see `apply`), at the output size (after downscaling).
struct ToneMapper: Sendable {
    enum Transfer: Sendable { case hlg, pq }

    static let referenceWhite: Float = 203
    static let displayPeak: Float = 1000
    static let knee: Float = 0.75

    let transfer: Transfer
    private let linear: [Float]       // signal * 4095 → linear (PQ: relative to ref white; HLG: scene E)
    private let ootfGain: [Float]     // HLG only: Ys * 1023 → 1000 · Ys^0.2 / 203
    private let rollOffScale: [Float] // m * rollOffIndexScale / 4095 → f(m)/m
    private let oetf: [Float]         // v * 4095 → BT.709 OETF(v)
    private let greyCurve: [Float]    // source Y' * 4095 → output Y' of a grey of that signal
    private let peak: Float
    private let rollOffIndexScale: Float

    init(transfer: Transfer) {
        self.transfer = transfer
        linear = (0..<4096).map { i in
            let signal = Float(i) / 4095
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
        rollOffIndexScale = 1 / peak
        let peak = self.peak
        rollOffScale = (0..<4096).map { i in
            let m = Float(i) / 4095 * peak
            return m <= ToneMapper.knee ? 1 : ToneMapper.rollOff(m, peak: peak) / m
        }
        oetf = (0..<4096).map { i in ToneMapper.bt709OETF(Float(i) / 4095) }
        // Grey (R = G = B): the primaries matrix keeps it grey (its rows sum to 1) and for HLG
        // Ys = E, so the whole curve is one function of the signal.
        greyCurve = (0..<4096).map { i in
            let signal = Float(i) / 4095
            let x: Float
            switch transfer {
            case .pq: x = ToneMapper.pqEOTF(signal) / ToneMapper.referenceWhite
            case .hlg: x = ToneMapper.displayPeak * powf(ToneMapper.hlgInverseOETF(signal), 1.2) / ToneMapper.referenceWhite
            }
            let mapped = x <= ToneMapper.knee ? x : ToneMapper.rollOff(x, peak: peak)
            return ToneMapper.bt709OETF(min(mapped, 1))
        }
    }

    /// Y'CbCr → R'G'B' of the source: the matrix's luma weights and the signal range.
    struct SourceMatrix: Sendable {
        var kr: Float
        var kb: Float
        var fullRange: Bool
        static let bt2020 = SourceMatrix(kr: 0.2627, kb: 0.0593, fullRange: false)
    }

    /// 16-bit planar 4:2:0 (`yuv420p16`) HDR picture → 8-bit `yuv420p` BT.709 limited range.
    ///
    /// One pass, no intermediate RGB frame. Per 2×2 block (one chroma sample in 4:2:0) the
    /// full colour mapping runs once, on the block's mean luma; each pixel's luma detail then
    /// follows the grey tone curve (a table) around it: a fourth of the per-pixel work of
    /// mapping every pixel in colour. The loop is C (`CVAPrepToneMap`, see ``Kernel``): eight
    /// blocks at a time with AVX2 gathers for the tables, the same bytes as its scalar form.
    /// (swscale's RGB48 paths look up the pixel format descriptor per pixel in FFmpeg 5.1:
    /// measured 3× slower than even a plain Swift form of this loop.)
    func apply(source: (y: UnsafePointer<UInt16>, u: UnsafePointer<UInt16>, v: UnsafePointer<UInt16>),
               sourceStrides: (y: Int, c: Int), matrix: SourceMatrix,
               destination: (y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>, v: UnsafeMutablePointer<UInt8>),
               destinationStrides: (y: Int, c: Int), width: Int, height: Int) {
        // Two halves on two threads: for HDR input this is the heaviest work of the picture
        // stage (see `Transcoder`), whose thread would otherwise set the pace of the whole
        // pipeline (the machine this was tuned on has 2 cores).
        let blockRows = height / 2
        let parts = blockRows >= 64 ? 2 : 1
        let planes = Planes(source: source, destination: destination)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            apply(source: planes.source, sourceStrides: sourceStrides, matrix: matrix, destination: planes.destination,
                  destinationStrides: destinationStrides, width: width,
                  blockRows: (blockRows * part / parts)..<(blockRows * (part + 1) / parts))
        }
    }

    /// The per-pixel kernels (`CVAPrepToneMap`): AVX2 where the CPU has it, else scalar; both
    /// give the same bytes.
    enum Kernel: Int32, Sendable {
        case scalar = 1, avx2 = 2
        /// Whether this CPU runs it.
        var isSupported: Bool { vaprep_tm_kernel_supported(rawValue) == 1 }
        /// The kernel in use (process-wide).
        static var active: Kernel { Kernel(rawValue: vaprep_tm_active_kernel()) ?? .scalar }
        /// Forces `kernel` process-wide, for tests and benchmarks; `nil` returns to the fastest.
        static func use(_ kernel: Kernel?) { _ = vaprep_tm_set_kernel(kernel?.rawValue ?? 0) }
    }

    /// The plane pointers, shared by the two halves: each half reads and writes only its own
    /// rows, so the unchecked Sendable is sound.
    private struct Planes: @unchecked Sendable {
        let source: (y: UnsafePointer<UInt16>, u: UnsafePointer<UInt16>, v: UnsafePointer<UInt16>)
        let destination: (y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>, v: UnsafeMutablePointer<UInt8>)
    }

    private func apply(source: (y: UnsafePointer<UInt16>, u: UnsafePointer<UInt16>, v: UnsafePointer<UInt16>),
                       sourceStrides: (y: Int, c: Int), matrix: SourceMatrix,
                       destination: (y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>, v: UnsafeMutablePointer<UInt8>),
                       destinationStrides: (y: Int, c: Int), width: Int, blockRows: Range<Int>) {
        // Source strides in UInt16 elements. The kernel normalises 16-bit codes to Y' 0…1, C −0.5…0.5.
        let crToR = 2 * (1 - matrix.kr), cbToB = 2 * (1 - matrix.kb)
        let kg = 1 - matrix.kr - matrix.kb
        linear.withUnsafeBufferPointer { lin in
        ootfGain.withUnsafeBufferPointer { gain in
        rollOffScale.withUnsafeBufferPointer { roll in
        oetf.withUnsafeBufferPointer { out in
        greyCurve.withUnsafeBufferPointer { grey in
            var curve = vaprep_tm_curve(
                linear: lin.baseAddress, ootf_gain: transfer == .hlg ? gain.baseAddress : nil,
                roll_off: roll.baseAddress, oetf: out.baseAddress, grey: grey.baseAddress,
                roll_index_scale: rollOffIndexScale, knee: ToneMapper.knee,
                y_offset: matrix.fullRange ? 0 : 4096, y_scale: matrix.fullRange ? 1 / 65535 : 1 / 56064,
                c_scale: matrix.fullRange ? 1 / 65535 : 1 / 57344,
                cr_to_r: crToR, cb_to_g: -cbToB * matrix.kb / kg, cr_to_g: -crToR * matrix.kr / kg, cb_to_b: cbToB)
            var planes = vaprep_tm_planes(
                src_y: source.y, src_u: source.u, src_v: source.v, src_y_stride: sourceStrides.y, src_c_stride: sourceStrides.c,
                dst_y: destination.y, dst_u: destination.u, dst_v: destination.v,
                dst_y_stride: destinationStrides.y, dst_c_stride: destinationStrides.c)
            vaprep_tm_rows(&curve, &planes, Int32(width), Int32(blockRows.lowerBound), Int32(blockRows.upperBound))
        }}}}}
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
