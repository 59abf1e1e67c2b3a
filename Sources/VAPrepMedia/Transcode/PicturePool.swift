internal import CFFmpeg

/// Recycles the buffers of the transcode's output pictures.
///
/// A picture is made on one pipeline thread and freed on another, after x264 has copied it.
/// With a fresh `malloc` for each, glibc kept the freed buffers in per-thread arenas and the
/// peak memory of an HEVC 10-bit transcode grew from 221 to 285 MB; from a pool, the same few
/// buffers go round (`AVBufferPool` is thread-safe, and a buffer returns to it whenever its
/// last reference is dropped, on any thread).
final class PicturePool {
    let width: Int
    let height: Int
    private let pool: OpaquePointer
    /// Bytes of one `yuv420p` picture, planes aligned for SIMD.
    private let bufferSize: Int32
    private static let alignment: Int32 = 64

    init(width: Int, height: Int) throws {
        self.width = width
        self.height = height
        bufferSize = av_image_get_buffer_size(AV_PIX_FMT_YUV420P, Int32(width), Int32(height), PicturePool.alignment)
        try FFmpegCall.check(bufferSize, "av_image_get_buffer_size")
        guard let pool = av_buffer_pool_init(Int(bufferSize), nil) else {
            throw MediaError.ffmpeg(operation: "av_buffer_pool_init", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        self.pool = pool
    }

    deinit {
        // Frees the pool once the last picture still out (if any) is returned.
        var p: OpaquePointer? = pool
        av_buffer_pool_uninit(&p)
    }

    /// A writable `yuv420p` frame whose planes live in a pooled buffer; `av_frame_free`
    /// returns the buffer.
    func frame() throws -> UnsafeMutablePointer<AVFrame> {
        guard let frame = av_frame_alloc() else {
            throw MediaError.ffmpeg(operation: "av_frame_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        guard let buffer = av_buffer_pool_get(pool) else {
            var f: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&f)
            throw MediaError.ffmpeg(operation: "av_buffer_pool_get", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        frame.pointee.buf.0 = buffer
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        let filled = withUnsafeMutablePointer(to: &frame.pointee.data) { data in
            withUnsafeMutablePointer(to: &frame.pointee.linesize) { linesize in
                av_image_fill_arrays(UnsafeMutableRawPointer(data).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                                     UnsafeMutableRawPointer(linesize).assumingMemoryBound(to: Int32.self),
                                     buffer.pointee.data, AV_PIX_FMT_YUV420P, Int32(width), Int32(height),
                                     PicturePool.alignment)
            }
        }
        if filled < 0 {
            var f: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&f)   // also returns the buffer
            throw FFmpegCall.error(filled, "av_image_fill_arrays")
        }
        return frame
    }
}
