internal import CFFmpeg

/// Encodes pictures as PNG with FFmpeg's own `png` encoder (no image library needed).
///
/// ```swift
/// let png = try PNGWriter.encode(rgb: canvas.pixels, width: canvas.width, height: canvas.height)
/// try Data(png).write(to: URL(fileURLWithPath: "sheet.png"))
/// ```
public enum PNGWriter {
    /// PNG bytes of a packed RGB24 picture (`width * height * 3` bytes).
    /// - Throws: ``MediaError`` when the encoder is missing or fails.
    public static func encode(rgb: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        precondition(rgb.count == width * height * 3, "PNGWriter: \(rgb.count) bytes do not fill \(width)x\(height) RGB")
        return try encode(pixels: rgb, width: width, height: height, bytesPerPixel: 3, format: AV_PIX_FMT_RGB24)
    }

    /// PNG bytes of a packed 8-bit greyscale picture (`width * height` bytes).
    public static func encode(gray: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        precondition(gray.count == width * height, "PNGWriter: \(gray.count) bytes do not fill \(width)x\(height) grey")
        return try encode(pixels: gray, width: width, height: height, bytesPerPixel: 1, format: AV_PIX_FMT_GRAY8)
    }

    private static func encode(pixels: [UInt8], width: Int, height: Int, bytesPerPixel: Int,
                               format: AVPixelFormat) throws -> [UInt8] {
        guard width > 0, height > 0 else {
            throw MediaError.ffmpeg(operation: "PNGWriter(\(width)x\(height))", code: vaprep_averror(EINVAL), message: "empty picture")
        }
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_PNG) else {
            throw MediaError.unsupportedCodec("png encoder (FFmpeg was built without it)")
        }
        var owned: UnsafeMutablePointer<AVCodecContext>? = avcodec_alloc_context3(codec)
        defer { avcodec_free_context(&owned) }
        guard let context = owned else {
            throw MediaError.ffmpeg(operation: "avcodec_alloc_context3", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = format
        context.pointee.time_base = AVRational(num: 1, den: 1)
        var result = avcodec_open2(context, codec, nil)
        guard result >= 0 else { throw MediaError.ffmpeg("avcodec_open2(png)", result) }

        var ownedFrame: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
        defer { av_frame_free(&ownedFrame) }
        guard let frame = ownedFrame else {
            throw MediaError.ffmpeg(operation: "av_frame_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = format.rawValue
        result = av_frame_get_buffer(frame, 0)
        guard result >= 0 else { throw MediaError.ffmpeg("av_frame_get_buffer", result) }
        // FFmpeg pads rows (linesize ≥ width × bytes per pixel); copy row by row.
        let rowBytes = width * bytesPerPixel
        let linesize = Int(frame.pointee.linesize.0)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<height {
                (frame.pointee.data.0! + y * linesize).update(from: src.baseAddress! + y * rowBytes, count: rowBytes)
            }
        }
        frame.pointee.pts = 0

        var ownedPacket: UnsafeMutablePointer<AVPacket>? = av_packet_alloc()
        defer { av_packet_free(&ownedPacket) }
        guard let packet = ownedPacket else {
            throw MediaError.ffmpeg(operation: "av_packet_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        var output: [UInt8] = []
        // Send the one frame, then flush; EAGAIN/EOF are the normal end of the receive loop.
        for input in [frame, nil] as [UnsafeMutablePointer<AVFrame>?] {
            result = avcodec_send_frame(context, input)
            guard result >= 0 else { throw MediaError.ffmpeg("avcodec_send_frame(png)", result) }
            while true {
                result = avcodec_receive_packet(context, packet)
                if result == vaprep_averror_eagain() || result == vaprep_averror_eof() { break }
                guard result >= 0 else { throw MediaError.ffmpeg("avcodec_receive_packet(png)", result) }
                output.append(contentsOf: UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
                av_packet_unref(packet)
            }
        }
        return output
    }
}
