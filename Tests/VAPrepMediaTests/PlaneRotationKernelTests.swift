import Testing
@testable import VAPrepMedia

/// The rotation kernels (`CVAPrepRotate`): on every orientation, on sizes that are and are not
/// whole 16×16 blocks and 64×64 tiles, with strides wider than the rows, the SIMD kernel and the
/// scalar kernel must both write exactly the picture the definition gives — and nothing past
/// the end of a destination row.
@Suite("Plane rotation kernels against the definition", .serialized)
struct PlaneRotationKernelTests {
    static let orientations: [Orientation] = [0, 90, 180, 270].flatMap { degrees in
        [false, true].map { Orientation(clockwise: degrees, flipped: $0) }
    }

    /// 1×1, single rows and columns, one below / at / one above the 16-pixel block and the
    /// 64-pixel tile, odd mixes, and a 1080p-like portrait plane with odd sides.
    static let sizes: [(width: Int, height: Int)] = [
        (1, 1), (1, 37), (37, 1), (15, 17), (16, 16), (17, 15), (15, 15), (17, 17), (31, 33), (32, 48),
        (63, 65), (64, 64), (65, 63), (64, 33), (33, 64), (129, 127), (200, 40), (1081, 1921),
    ]

    /// Source pixel (x, y) of output (ox, oy), written from the definition: mirror first (x
    /// becomes width − 1 − x), then turn clockwise — a quarter turn puts the source's left
    /// column, read bottom-up, into the output's top row.
    static func sourcePixel(of ox: Int, _ oy: Int, _ o: Orientation, width: Int, height: Int) -> (x: Int, y: Int) {
        let (mx, my): (Int, Int) = switch o.clockwise {
        case 90: (oy, height - 1 - ox)
        case 180: (width - 1 - ox, height - 1 - oy)
        case 270: (width - 1 - oy, ox)
        default: (ox, oy)
        }
        return (o.flipped ? width - 1 - mx : mx, my)
    }

    /// A plane of seeded noise, rows `stride` bytes apart (the padding is noise too, so reading
    /// it shows up as a wrong byte).
    static func noise(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static let padding: UInt8 = 0xA5

    /// Runs `kernel` and returns the destination (rows `outWidth + 7` pixels apart, padding
    /// pre-filled with ``padding``).
    static func rotate(_ source: [UInt8], stride: Int, width: Int, height: Int, bytesPerPixel: Int,
                       _ o: Orientation, kernel: PlaneRotation.Kernel) -> (pixels: [UInt8], stride: Int) {
        PlaneRotation.Kernel.use(kernel)
        defer { PlaneRotation.Kernel.use(nil) }
        let out = PlaneRotation.outputSize(width: width, height: height, orientation: o)
        let destinationStride = (out.width + 7) * bytesPerPixel
        var destination = [UInt8](repeating: padding, count: destinationStride * out.height)
        source.withUnsafeBufferPointer { src in
            destination.withUnsafeMutableBufferPointer { dst in
                PlaneRotation.apply(o, source: src.baseAddress!, sourceStride: stride, width: width, height: height,
                                    bytesPerPixel: bytesPerPixel, destination: dst.baseAddress!,
                                    destinationStride: destinationStride)
            }
        }
        return (destination, destinationStride)
    }

    /// The number of bytes that differ from the definition (padding included).
    static func mismatches(_ result: (pixels: [UInt8], stride: Int), source: [UInt8], stride: Int,
                           width: Int, height: Int, bytesPerPixel bpp: Int, _ o: Orientation) -> Int {
        let out = PlaneRotation.outputSize(width: width, height: height, orientation: o)
        var wrong = 0
        for oy in 0..<out.height {
            for column in 0..<(result.stride / bpp) {
                for byte in 0..<bpp {
                    let got = result.pixels[oy * result.stride + column * bpp + byte]
                    if column >= out.width {
                        if got != padding { wrong += 1 }
                        continue
                    }
                    let (x, y) = sourcePixel(of: column, oy, o, width: width, height: height)
                    if got != source[y * stride + x * bpp + byte] { wrong += 1 }
                }
            }
        }
        return wrong
    }

    @Test("1-byte planes: SIMD and scalar kernels both match the definition", arguments: orientations)
    func bytePlanes(orientation: Orientation) throws {
        for (index, (width, height)) in Self.sizes.enumerated() {
            let stride = width + 13
            let source = Self.noise(count: stride * height, seed: UInt64(index * 8 + orientation.clockwise + 1))
            var results: [[UInt8]] = []
            for kernel in [PlaneRotation.Kernel.scalar, .simd] where kernel.isSupported {
                let result = Self.rotate(source, stride: stride, width: width, height: height, bytesPerPixel: 1,
                                         orientation, kernel: kernel)
                #expect(Self.mismatches(result, source: source, stride: stride, width: width, height: height,
                                        bytesPerPixel: 1, orientation) == 0,
                        "\(kernel) \(width)×\(height) \(orientation.clockwise)° flipped \(orientation.flipped)")
                results.append(result.pixels)
            }
            #expect(Set(results).count == 1, "the kernels agree on \(width)×\(height)")
        }
    }

    @Test("3- and 4-byte pixels move as units", arguments: orientations, [3, 4])
    func widePixels(orientation: Orientation, bytesPerPixel: Int) {
        for (index, (width, height)) in [(1, 1), (17, 15), (65, 70)].enumerated() {
            let stride = (width + 5) * bytesPerPixel
            let source = Self.noise(count: stride * height, seed: UInt64(100 + index))
            let result = Self.rotate(source, stride: stride, width: width, height: height, bytesPerPixel: bytesPerPixel,
                                     orientation, kernel: .simd)
            #expect(Self.mismatches(result, source: source, stride: stride, width: width, height: height,
                                    bytesPerPixel: bytesPerPixel, orientation) == 0)
        }
    }

    #if arch(x86_64) || arch(arm64)
    @Test("SSE2 and NEON are baseline, so the SIMD kernel is the default")
    func simdIsDefault() {
        PlaneRotation.Kernel.use(nil)
        #expect(PlaneRotation.Kernel.simd.isSupported)
        #expect(PlaneRotation.Kernel.active == .simd)
    }
    #endif
}
