internal import CFFmpeg

/// MP4 muxed into memory, `moov` first.
///
/// FFmpeg's `-movflags +faststart` cannot be used here: after the trailer it re-opens the
/// output *by URL* to shift the media data, which a custom AVIO has no URL for. So the muxer
/// writes the ordinary layout (`ftyp`, `mdat`, `moov`) into a `MemoryOutput` and `FastStart`
/// moves `moov` in front afterwards, fixing the chunk offsets.
final class MemoryMuxer {
    private let formatContext: UnsafeMutablePointer<AVFormatContext>
    private let output: MemoryOutput
    private(set) var videoStreamIndex: Int32 = -1
    private(set) var audioStreamIndex: Int32?
    private var videoTimeBase = AVRational(num: 1, den: 90_000)
    private var headerWritten = false
    private var finished = false

    init() throws {
        let output = try MemoryOutput()
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try FFmpegCall.check(avformat_alloc_output_context2(&context, nil, "mp4", nil), "avformat_alloc_output_context2(mp4)")
        guard let context else {
            throw MediaError.ffmpeg(operation: "avformat_alloc_output_context2", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        self.output = output
        self.formatContext = context
        context.pointee.pb = output.context
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
    }

    deinit {
        // The custom pb belongs to `output`; avformat_free_context does not touch it.
        formatContext.pointee.pb = nil
        avformat_free_context(formatContext)
    }

    /// Adds the H.264 stream described by an opened encoder (its extradata becomes `avcC`).
    func addVideoStream(from encoder: H264Encoder) throws {
        guard let stream = avformat_new_stream(formatContext, nil) else {
            throw MediaError.ffmpeg(operation: "avformat_new_stream", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        try FFmpegCall.check(avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context),
                             "avcodec_parameters_from_context")
        stream.pointee.time_base = encoder.context.pointee.time_base
        stream.pointee.avg_frame_rate = encoder.context.pointee.framerate
        videoTimeBase = encoder.context.pointee.time_base
        videoStreamIndex = stream.pointee.index
    }

    /// Adds a stream that receives packets copied unchanged (AAC audio), taking the
    /// source stream's parameters. Returns the output stream index.
    @discardableResult
    func addCopiedStream(parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational) throws -> Int32 {
        guard let stream = avformat_new_stream(formatContext, nil) else {
            throw MediaError.ffmpeg(operation: "avformat_new_stream", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        try FFmpegCall.check(avcodec_parameters_copy(stream.pointee.codecpar, parameters), "avcodec_parameters_copy")
        // The source container's tag (e.g. from a .mov) may not be valid in mp4; let the muxer choose.
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = timeBase
        audioStreamIndex = stream.pointee.index
        return stream.pointee.index
    }

    func writeHeader() throws {
        try FFmpegCall.check(avformat_write_header(formatContext, nil), "avformat_write_header(mp4)")
        headerWritten = true
    }

    /// The time base the muxer chose for a stream (valid after `writeHeader`).
    func timeBase(ofStream index: Int32) -> AVRational {
        formatContext.pointee.streams[Int(index)]!.pointee.time_base
    }

    /// Writes an encoder packet (timestamps in the encoder's time base) with `duration`
    /// ticks of that time base; x264 through libavcodec 5.1 leaves `duration` at 0, and mp4
    /// takes the last sample's length from it, so without it the file is one frame short.
    func writeVideo(_ packet: UnsafeMutablePointer<AVPacket>, duration: Int64) throws {
        packet.pointee.stream_index = videoStreamIndex
        if packet.pointee.duration <= 0 { packet.pointee.duration = duration }
        av_packet_rescale_ts(packet, videoTimeBase, timeBase(ofStream: videoStreamIndex))
        try FFmpegCall.check(av_interleaved_write_frame(formatContext, packet), "av_interleaved_write_frame(video)")
    }

    /// Writes a copied packet whose timestamps are already rebased, in `timeBase`.
    func writeCopied(_ packet: UnsafeMutablePointer<AVPacket>, streamIndex: Int32, timeBase: AVRational) throws {
        packet.pointee.stream_index = streamIndex
        packet.pointee.pos = -1
        av_packet_rescale_ts(packet, timeBase, self.timeBase(ofStream: streamIndex))
        try FFmpegCall.check(av_interleaved_write_frame(formatContext, packet), "av_interleaved_write_frame(audio)")
    }

    /// Writes the trailer and returns the finished file with `moov` before `mdat`.
    func finish() throws -> [UInt8] {
        precondition(headerWritten && !finished)
        finished = true
        try FFmpegCall.check(av_write_trailer(formatContext), "av_write_trailer(mp4)")
        avio_flush(output.context)
        do {
            return try FastStart.moveMovieBoxToFront(output.takeBytes())
        } catch let failure as FastStart.Failure {
            throw MediaError.ffmpeg(operation: "FastStart.moveMovieBoxToFront", code: vaprep_averror(EINVAL),
                                    message: failure.description)
        }
    }
}
