import Testing
@testable import VAPrepMedia

/// The tone mapper's C kernels (`CVAPrepToneMap`): the AVX2 kernel must write exactly the bytes
/// of the scalar one, on every row and every block column, tails included.
@Suite("Tone-map kernels give identical bytes", .serialized)
struct ToneMapKernelTests {
    struct Picture {
        var y: [UInt16], u: [UInt16], v: [UInt16]
        let width: Int, height: Int, strideY: Int, strideC: Int
    }

    /// Random 16-bit 4:2:0 with the full code range (out-of-range codes included: a decoder can
    /// deliver them) and strides wider than the picture.
    static func picture(width: Int, height: Int, seed: UInt64) -> Picture {
        var state = seed
        func next() -> UInt16 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt16(truncatingIfNeeded: state >> 40)
        }
        let strideY = width + 18, strideC = width / 2 + 9
        return Picture(y: (0..<(strideY * height)).map { _ in next() },
                       u: (0..<(strideC * height / 2)).map { _ in next() },
                       v: (0..<(strideC * height / 2)).map { _ in next() },
                       width: width, height: height, strideY: strideY, strideC: strideC)
    }

    static func run(_ mapper: ToneMapper, _ matrix: ToneMapper.SourceMatrix, _ p: Picture) -> [UInt8] {
        let dstY = p.width + 5, dstC = p.width / 2 + 3
        var y = [UInt8](repeating: 0, count: dstY * p.height), u = [UInt8](repeating: 0, count: dstC * p.height / 2)
        var v = u
        p.y.withUnsafeBufferPointer { sy in p.u.withUnsafeBufferPointer { su in p.v.withUnsafeBufferPointer { sv in
            y.withUnsafeMutableBufferPointer { dy in u.withUnsafeMutableBufferPointer { du in v.withUnsafeMutableBufferPointer { dv in
                mapper.apply(source: (sy.baseAddress!, su.baseAddress!, sv.baseAddress!), sourceStrides: (p.strideY, p.strideC),
                             matrix: matrix, destination: (dy.baseAddress!, du.baseAddress!, dv.baseAddress!),
                             destinationStrides: (dstY, dstC), width: p.width, height: p.height)
            }}}
        }}}
        return y + u + v
    }

    @Test("AVX2 = scalar", arguments: [ToneMapper.Transfer.hlg, .pq], [false, true])
    func avx2MatchesScalar(transfer: ToneMapper.Transfer, fullRange: Bool) throws {
        try #require(ToneMapper.Kernel.avx2.isSupported, "this CPU has no AVX2")
        defer { ToneMapper.Kernel.use(nil) }
        let mapper = ToneMapper(transfer: transfer)
        let matrix = ToneMapper.SourceMatrix(kr: 0.2627, kb: 0.0593, fullRange: fullRange)
        // 361 blocks a row: 45 vector steps and a tail of one; 130 block rows (two halves).
        let picture = Self.picture(width: 722, height: 260, seed: fullRange ? 7 : 3)
        ToneMapper.Kernel.use(.scalar)
        let scalar = Self.run(mapper, matrix, picture)
        ToneMapper.Kernel.use(.avx2)
        #expect(ToneMapper.Kernel.active == .avx2)
        let avx2 = Self.run(mapper, matrix, picture)
        #expect(scalar == avx2)
        #expect(Set(scalar).count > 100, "the picture exercises most codes")
    }
}
