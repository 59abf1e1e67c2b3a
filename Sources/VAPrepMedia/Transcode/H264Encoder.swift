internal import CFFmpeg

/// libx264 through libavcodec, fed 8-bit `yuv420p` only, producing H.264 High.
///
/// Why 8-bit only: libx264 silently switches to High 10 when it is handed a 10-bit frame,
/// and many verification backends (and phones' hardware decoders) reject High 10. The
/// converter in front of this encoder always produces `yuv420p`; `encode` asserts it.
final class H264Encoder {
    struct Configuration {
        var width: Int
        var height: Int
        /// The nominal output frame rate; x264's rate control and the mp4 `avg_frame_rate` use it.
        var frameRate: AVRational
        /// Timestamps of frames handed to `encode` are in this time base.
        var timeBase: AVRational
        /// CRF quality target (x264 scale: 0 best … 51 worst; 23 is x264's default).
        var crf: Double
        /// VBV cap: with `crf` this is "quality target, but never above this rate".
        var maxRateBitsPerSecond: Int?
        var bufferSizeBits: Int?
        var preset: String = "veryfast"
        /// x264 options over the preset (`key=value:key=value`), or nil for the preset alone.
        var x264Params: String?
        /// Encoder threads; 0 lets x264 pick (1.5 × cores).
        var threads: Int = 0
        /// Frames between IDR frames.
        var gopSize: Int
        /// MP4 wants SPS/PPS in `avcC` (extradata), not repeated in the stream.
        var globalHeader: Bool = true
    }

    let context: UnsafeMutablePointer<AVCodecContext>
    let configuration: Configuration
    private let packet: UnsafeMutablePointer<AVPacket>
    private var flushed = false
    /// Frames that reached x264 carrying regions of interest (``FaceWeighting``).
    private(set) var weightedFrameCount = 0

    init(_ configuration: Configuration) throws {
        guard configuration.width > 0, configuration.height > 0,
              configuration.width % 2 == 0, configuration.height % 2 == 0 else {
            throw MediaError.ffmpeg(operation: "H264Encoder(\(configuration.width)x\(configuration.height))",
                                    code: vaprep_averror(EINVAL),
                                    message: "yuv420p needs even, positive output dimensions")
        }
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw MediaError.ffmpeg(operation: "avcodec_find_encoder_by_name(libx264)",
                                    code: vaprep_averror(ENOSYS),
                                    message: "this FFmpeg was built without libx264; install an FFmpeg with --enable-libx264")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError.ffmpeg(operation: "avcodec_alloc_context3", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        guard let packet = av_packet_alloc() else {
            var c: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&c)
            throw MediaError.ffmpeg(operation: "av_packet_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        self.context = context
        self.packet = packet
        self.configuration = configuration

        context.pointee.width = Int32(configuration.width)
        context.pointee.height = Int32(configuration.height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = configuration.timeBase
        context.pointee.framerate = configuration.frameRate
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        context.pointee.gop_size = Int32(clamping: configuration.gopSize)  // derived from a file's frame rate
        context.pointee.thread_count = Int32(configuration.threads)
        // Tag what the converter produced: BT.709 limited range. Untagged H.264 is guessed as
        // BT.601 by some players, which shifts skin tones.
        context.pointee.color_primaries = AVCOL_PRI_BT709
        context.pointee.color_trc = AVCOL_TRC_BT709
        context.pointee.colorspace = AVCOL_SPC_BT709
        context.pointee.color_range = AVCOL_RANGE_MPEG
        if configuration.globalHeader {
            context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER)
        }
        if let maxRate = configuration.maxRateBitsPerSecond {
            context.pointee.rc_max_rate = Int64(maxRate)
            context.pointee.rc_buffer_size = Int32(clamping: configuration.bufferSizeBits ?? maxRate)
        }

        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        av_dict_set(&options, "preset", configuration.preset, 0)
        av_dict_set(&options, "profile", "high", 0)
        av_dict_set(&options, "crf", String(configuration.crf), 0)
        // sync-lookahead=0: x264 runs its lookahead on the calling thread instead of buffering
        // frames for a lookahead thread of its own. Measured: the same bytes out, 13 MB less
        // peak memory, no slower (the calling thread is a pipeline stage of its own). The
        // caller's parameters come after it, so they win.
        var params = "sync-lookahead=0"
        if let extra = configuration.x264Params, !extra.isEmpty { params += ":" + extra }
        av_dict_set(&options, "x264-params", params, 0)
        try FFmpegCall.check(avcodec_open2(context, codec, &options), "avcodec_open2(libx264)")
        if let unused = av_dict_get(options, "", nil, AV_DICT_IGNORE_SUFFIX) {
            throw MediaError.ffmpeg(operation: "avcodec_open2(libx264)", code: vaprep_averror(EINVAL),
                                    message: "libx264 rejected option \(String(cString: unused.pointee.key))")
        }
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&p)
        var c: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&c)
    }

    /// Sends one frame (or nil to flush) and hands every packet the encoder has ready to
    /// `sink`. The packet is only valid during the call; `sink` must copy or write it.
    /// EAGAIN/EOF from `avcodec_receive_packet` are the normal end of each round (encode_video.c).
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?,
                _ sink: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        if let frame {
            precondition(frame.pointee.format == AV_PIX_FMT_YUV420P.rawValue,
                         "H264Encoder takes 8-bit yuv420p only (High 10 must never be produced)")
            precondition(Int(frame.pointee.width) == configuration.width
                         && Int(frame.pointee.height) == configuration.height)
            if vaprep_frame_roi_count(frame) > 0 { weightedFrameCount += 1 }
        } else {
            if flushed { return }
            flushed = true
        }
        try FFmpegCall.check(avcodec_send_frame(context, frame), "avcodec_send_frame")
        while true {
            let status = avcodec_receive_packet(context, packet)
            if status == FFmpegCall.eagain || status == FFmpegCall.eof { return }
            try FFmpegCall.check(status, "avcodec_receive_packet")
            defer { av_packet_unref(packet) }
            try sink(packet)
        }
    }
}
