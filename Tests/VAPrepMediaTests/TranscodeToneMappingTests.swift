import CFFmpeg
import Testing
@testable import VAPrepMedia

@Suite("Transcode tone mapping (HLG/PQ → SDR BT.709)")
struct TranscodeToneMappingTests {
    @Test("the transfer functions match their standards at known points")
    func curves() {
        // ST 2084: 203 cd/m² (BT.2408 reference white) is PQ 0.5806; 10000 at 1.0.
        #expect(abs(ToneMapper.pqEOTF(0.5806) - 203) < 1)
        #expect(abs(ToneMapper.pqEOTF(1) - 10000) < 1)
        // BT.2100 HLG: 0.5 is the joint of the square-root and log segments (E = 1/12).
        #expect(abs(ToneMapper.hlgInverseOETF(0.5) - 1.0 / 12) < 1e-6)
        #expect(abs(ToneMapper.hlgInverseOETF(1) - 1) < 1e-4)
        #expect(abs(ToneMapper.bt709OETF(1) - 1) < 1e-6)
        #expect(abs(ToneMapper.bt709OETF(0.018) - 0.081) < 1e-3)
    }

    @Test("the roll-off is continuous at the knee, monotonic, and reaches 1 at the peak")
    func rollOff() {
        let peak: Float = 1000 / 203
        #expect(abs(ToneMapper.rollOff(ToneMapper.knee, peak: peak) - ToneMapper.knee) < 1e-6)
        #expect(abs(ToneMapper.rollOff(peak, peak: peak) - 1) < 1e-5)
        var previous: Float = 0
        for i in 0...100 {
            let x = ToneMapper.knee + (peak - ToneMapper.knee) * Float(i) / 100
            let y = ToneMapper.rollOff(x, peak: peak)
            #expect(y >= previous)
            previous = y
        }
    }

    /// Converts one flat 10-bit limited-range grey frame with transfer `trc` and returns the
    /// 8-bit output luma code.
    func outputLuma(signal: Double, transfer: AVColorTransferCharacteristic) throws -> Int {
        let converter = try FrameConverter(width: 64, height: 64)
        let y = Int((64 + signal * 876).rounded())
        let frame = try makeTestFrame(width: 64, height: 64, format: AV_PIX_FMT_YUV420P10LE,
                                      colorspace: AVCOL_SPC_BT2020_NCL, transfer: transfer,
                                      primaries: AVCOL_PRI_BT2020) { plane, _, _ in plane == 0 ? y : 512 }
        defer { freeTestFrame(frame) }
        let out = try converter.convert(UnsafePointer(frame))
        #expect(out.pointee.format == AV_PIX_FMT_YUV420P.rawValue)
        return Int(out.pointee.data.0![32 * Int(out.pointee.linesize.0) + 32])
    }

    /// 8-bit limited-range code of the documented curve for a grey of relative light `x`.
    func expectedCode(_ x: Float) -> Int {
        let peak: Float = 1000 / 203
        let mapped = x <= ToneMapper.knee ? x : ToneMapper.rollOff(x, peak: peak)
        return Int((16 + 219 * ToneMapper.bt709OETF(min(mapped, 1))).rounded())
    }

    @Test("HLG grey levels land where the documented curve puts them", arguments: [0.25, 0.5, 0.63, 0.75, 0.9])
    func hlgGrey(signal: Double) throws {
        // Grey: R=G=B=E, so Ys = E and the OOTF is 1000·E^1.2 cd/m².
        let e = ToneMapper.hlgInverseOETF(Float(signal))
        let x = 1000 * powf(e, 1.2) / 203
        let code = try outputLuma(signal: signal, transfer: AVCOL_TRC_ARIB_STD_B67)
        #expect(abs(code - expectedCode(x)) <= 3, "HLG \(signal): got \(code), curve says \(expectedCode(x))")
    }

    @Test("PQ grey levels land where the documented curve puts them", arguments: [0.3, 0.5806, 0.7])
    func pqGrey(signal: Double) throws {
        let x = ToneMapper.pqEOTF(Float(signal)) / 203
        let code = try outputLuma(signal: signal, transfer: AVCOL_TRC_SMPTE2084)
        #expect(abs(code - expectedCode(x)) <= 3, "PQ \(signal): got \(code), curve says \(expectedCode(x))")
    }

    @Test("a flat skin-coloured HLG frame lands where the documented curve puts it (luma and chroma)")
    func hlgColour() throws {
        // 10-bit BT.2020 limited Y'CbCr of a skin tone; R'G'B' from the BT.2020 matrix.
        let (y10, cb10, cr10) = (560, 470, 560)
        let yn = Float(y10 - 64) / 876, cb = Float(cb10 - 512) / 896, cr = Float(cr10 - 512) / 896
        let kr: Float = 0.2627, kb: Float = 0.0593, kg = 1 - kr - kb
        let rp = yn + 2 * (1 - kr) * cr, bp = yn + 2 * (1 - kb) * cb
        let gp = (yn - kr * rp - kb * bp) / kg
        var (r, g, b) = (ToneMapper.hlgInverseOETF(rp), ToneMapper.hlgInverseOETF(gp), ToneMapper.hlgInverseOETF(bp))
        let ys = 0.2627 * r + 0.6780 * g + 0.0593 * b
        let gain = 1000 * powf(ys, 0.2) / 203
        r *= gain; g *= gain; b *= gain
        var r7 = max(1.6605 * r - 0.5876 * g - 0.0728 * b, 0)
        var g7 = max(-0.1246 * r + 1.1329 * g - 0.0083 * b, 0)
        var b7 = max(-0.0182 * r - 0.1006 * g + 1.1187 * b, 0)
        let m = max(r7, g7, b7)
        if m > ToneMapper.knee { let s = ToneMapper.rollOff(m, peak: 1000 / 203) / m; r7 *= s; g7 *= s; b7 *= s }
        let (ro, go, bo) = (ToneMapper.bt709OETF(min(r7, 1)), ToneMapper.bt709OETF(min(g7, 1)), ToneMapper.bt709OETF(min(b7, 1)))
        let yo = 0.2126 * ro + 0.7152 * go + 0.0722 * bo
        let expectedY = Int((16 + 219 * yo).rounded())
        let expectedCb = Int((128 + 224 * (bo - yo) / 1.8556).rounded())
        let expectedCr = Int((128 + 224 * (ro - yo) / 1.5748).rounded())

        let converter = try FrameConverter(width: 64, height: 64)
        let frame = try makeTestFrame(width: 64, height: 64, format: AV_PIX_FMT_YUV420P10LE,
                                      colorspace: AVCOL_SPC_BT2020_NCL, transfer: AVCOL_TRC_ARIB_STD_B67,
                                      primaries: AVCOL_PRI_BT2020) { plane, _, _ in [y10, cb10, cr10][plane] }
        defer { freeTestFrame(frame) }
        let out = try converter.convert(UnsafePointer(frame)).pointee
        let gotY = Int(out.data.0![32 * Int(out.linesize.0) + 32])
        let gotCb = Int(out.data.1![16 * Int(out.linesize.1) + 16]), gotCr = Int(out.data.2![16 * Int(out.linesize.2) + 16])
        #expect(abs(gotY - expectedY) <= 2, "Y \(gotY) vs \(expectedY)")
        #expect(abs(gotCb - expectedCb) <= 2, "Cb \(gotCb) vs \(expectedCb)")
        #expect(abs(gotCr - expectedCr) <= 2, "Cr \(gotCr) vs \(expectedCr)")
    }

    @Test("HLG is not shown as if it were BT.709: 75 % HLG (reference white) maps near SDR white")
    func notWashedOut() throws {
        let hdr = try outputLuma(signal: 0.75, transfer: AVCOL_TRC_ARIB_STD_B67)
        let naive = try outputLuma(signal: 0.75, transfer: AVCOL_TRC_BT709)
        #expect(hdr > 200)            // near SDR white (235)
        #expect(naive < 185)          // the flat grey HLG looks like when untreated
    }
}
