internal import CVAPrepRotate

/// Turns pixel planes upright: mirror (optional) then rotate 0/90/180/270° clockwise.
///
/// Used for analysis frames and by the transcoder (rotation goes into the pixels so no
/// backend has to honour a display matrix). The work is C (`CVAPrepRotate`, see ``Kernel``),
/// which holds the one rule for which source pixel lands where. A 90° turn reads the source
/// column-wise; the SIMD kernel moves 16×16 blocks of a 1-byte plane through registers (a
/// transpose by interleaving), and both kernels walk the output in 64×64 tiles so a tile's
/// source and destination rows stay in L1.
enum PlaneRotation {
    /// Size of the output plane for a `width`×`height` input.
    static func outputSize(width: Int, height: Int, orientation: Orientation) -> (width: Int, height: Int) {
        orientation.swapsAxes ? (height, width) : (width, height)
    }

    /// The kernels: SIMD (SSE2 on x86-64, NEON on arm64, both baseline) for 1-byte planes, the
    /// scalar one for wider pixels and elsewhere; both give the same bytes.
    enum Kernel: Int32, Sendable {
        case scalar = 1, simd = 2
        /// Whether this build runs it.
        var isSupported: Bool { vaprep_rot_kernel_supported(rawValue) == 1 }
        /// The kernel used for 1-byte planes (process-wide).
        static var active: Kernel { Kernel(rawValue: vaprep_rot_active_kernel()) ?? .scalar }
        /// Forces `kernel` process-wide, for tests and benchmarks; `nil` returns to the fastest.
        static func use(_ kernel: Kernel?) { _ = vaprep_rot_set_kernel(kernel?.rawValue ?? 0) }
    }

    /// Writes the upright version of `source` (`width`×`height` pixels of `bytesPerPixel`
    /// bytes, rows `sourceStride` bytes apart) into `destination` (rows `destinationStride`
    /// bytes apart, size from ``outputSize(width:height:orientation:)``). An empty plane writes
    /// nothing.
    static func apply(_ orientation: Orientation,
                      source: UnsafePointer<UInt8>, sourceStride: Int, width: Int, height: Int, bytesPerPixel: Int = 1,
                      destination: UnsafeMutablePointer<UInt8>, destinationStride: Int) {
        guard width > 0, height > 0 else { return }
        // Sizes are AVFrame's Int32 fields or smaller (analysis sizes), so the conversions cannot trap.
        let status = vaprep_rot_plane(source, sourceStride, Int32(width), Int32(height), Int32(bytesPerPixel),
                                      destination, destinationStride, Int32(orientation.clockwise),
                                      orientation.flipped ? 1 : 0)
        precondition(status == 0, "PlaneRotation: \(orientation.clockwise)° is not a quarter turn, or \(bytesPerPixel)-byte pixels")
    }

    /// Convenience for tightly packed arrays.
    static func apply(_ orientation: Orientation, pixels: [UInt8], width: Int, height: Int,
                      bytesPerPixel: Int = 1) -> [UInt8] {
        precondition(pixels.count >= width * height * bytesPerPixel)
        let (outWidth, _) = outputSize(width: width, height: height, orientation: orientation)
        return [UInt8](unsafeUninitializedCapacity: width * height * bytesPerPixel) { out, count in
            pixels.withUnsafeBufferPointer { src in
                apply(orientation, source: src.baseAddress!, sourceStride: width * bytesPerPixel,
                      width: width, height: height, bytesPerPixel: bytesPerPixel,
                      destination: out.baseAddress!, destinationStride: outWidth * bytesPerPixel)
            }
            count = width * height * bytesPerPixel
        }
    }
}
