internal import CFFmpeg

/// Owns one `SwsContext` and converts decoded frames of any pixel format (8- or 10-bit,
/// any range) to a packed 8-bit format at a given size. Re-created only when the input
/// size or format changes (`sws_getCachedContext`).
final class FrameScaler {
    private var context: OpaquePointer?
    let outputFormat: AVPixelFormat
    let bytesPerPixel: Int

    /// `AV_PIX_FMT_GRAY8` (full-range luma) or `AV_PIX_FMT_RGB24`.
    init(outputFormat: AVPixelFormat) {
        self.outputFormat = outputFormat
        bytesPerPixel = outputFormat == AV_PIX_FMT_RGB24 ? 3 : 1
    }

    deinit { sws_freeContext(context) }

    /// Bytes after the picture that swscale may write (its widest SIMD store: 64 pixels × 4 bytes).
    static let overrunPadding = 256

    /// Scales `frame` to `width`×`height` into a tightly packed buffer.
    func scale(_ frame: DecodedFrame, width: Int, height: Int) throws -> [UInt8] {
        let source = frame.pointer
        // SWS_AREA averages all source pixels under each output pixel: a 1080p→360p
        // reduction keeps fine detail honest for the blur metric, unlike bilinear sampling.
        context = sws_getCachedContext(context, Int32(frame.width), Int32(frame.height), frame.pixelFormat,
                                       Int32(width), Int32(height), outputFormat, SWS_AREA, nil, nil, nil)
        guard let context else {
            throw MediaError.ffmpeg(operation: "sws_getCachedContext", code: vaprep_averror(EINVAL),
                                    message: "cannot convert \(frame.width)x\(frame.height) pixel format \(frame.pixelFormat.rawValue)")
        }
        if source.pointee.color_range == AVCOL_RANGE_JPEG {
            // Full-range YUV from some Android phones: tell swscale, or it clips blacks and whites.
            var inverse: UnsafeMutablePointer<Int32>?, table: UnsafeMutablePointer<Int32>?
            var srcRange: Int32 = 0, dstRange: Int32 = 0, brightness: Int32 = 0, contrast: Int32 = 0, saturation: Int32 = 0
            if sws_getColorspaceDetails(context, &inverse, &srcRange, &table, &dstRange,
                                        &brightness, &contrast, &saturation) >= 0, srcRange == 0 {
                sws_setColorspaceDetails(context, inverse, 1, table, dstRange, brightness, contrast, saturation)
            }
        }
        let stride = width * bytesPerPixel
        // swscale's x86 packed-RGB writers store whole SIMD blocks: at a width that is not a
        // multiple of their block they write past the last pixel of the last row (seen as heap
        // corruption with RGB24 at 491 px wide, megamind.avi's analysis size). The padding takes
        // those bytes and is cut off below.
        var output = [UInt8](repeating: 0, count: stride * height + FrameScaler.overrunPadding)
        let result: Int32 = output.withUnsafeMutableBufferPointer { out in
            withUnsafePointer(to: &source.pointee.data) { data in
                withUnsafePointer(to: &source.pointee.linesize) { linesize in
                    data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { planes in
                        linesize.withMemoryRebound(to: Int32.self, capacity: 8) { strides in
                            var destination: [UnsafeMutablePointer<UInt8>?] = [out.baseAddress, nil, nil, nil]
                            var destinationStrides: [Int32] = [Int32(stride), 0, 0, 0]
                            return sws_scale(context, planes, strides, 0, Int32(frame.height),
                                             &destination, &destinationStrides)
                        }
                    }
                }
            }
        }
        guard result > 0 else { throw MediaError.ffmpeg("sws_scale", result) }
        output.removeLast(FrameScaler.overrunPadding)
        return output
    }
}
