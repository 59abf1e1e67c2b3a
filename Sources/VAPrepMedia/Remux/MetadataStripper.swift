internal import CFFmpeg

/// Rewraps a clip's video stream, by stream copy, into an MP4 in memory that carries nothing
/// else: no global or stream metadata (GPS location, `com.apple.quicktime.*` keys, make,
/// model, creation time, encoder tag), no audio, subtitle or data tracks, no chapters.
///
/// ```swift
/// let source = try await MediaSource.open(path: "selfie.mp4")
/// let stripped = try MetadataStripper.strip(source: source)
/// send(stripped.mp4)   // stripped.info describes it
/// ```
///
/// Why: a compliant clip used to be sent as the original file, and a phone's file says where
/// and on what device it was recorded; the vendor needs the picture only. The video packets
/// are copied unchanged (no decode, no encode), so the picture is bit-identical and the cost
/// is one demux and one mux in memory. The display matrix is kept, so a rotated clip still
/// displays upright.
public enum MetadataStripper {
    /// A stripped clip.
    public struct Stripped: Sendable {
        /// The MP4, `moov` first.
        public var mp4: [UInt8]
        /// The source's probe, adjusted to what the MP4 holds: its size and bit rate, no audio,
        /// no creation time. (The video stream is the source's, copied.)
        public var info: MediaInfo
    }

    /// FFmpeg's name of the demuxer that reads the result.
    static let mp4DemuxerName = "mov,mp4,m4a,3gp,3g2,mj2"

    /// Remuxes `source`'s video stream.
    /// - Throws: ``MediaError/unsupportedCodec(_:)`` when MP4 cannot hold the video codec,
    ///   ``MediaError/corrupt(_:)`` for an unreadable packet, ``MediaError/ffmpeg(operation:code:message:)``.
    public static func strip(source: MediaSource) throws -> Stripped {
        let mp4 = try source.withInput { input in try strip(input: input) }
        var info = source.info
        info.format = mp4DemuxerName
        info.sizeBytes = Int64(mp4.count)
        info.bitRate = info.durationSeconds > 0 ? Int64((Double(mp4.count) * 8 / info.durationSeconds).rounded()) : nil
        info.audio = []
        info.creationTime = nil
        return Stripped(mp4: mp4, info: info)
    }

    private static func strip(input: MediaInput) throws -> [UInt8] {
        let inputStream = input.videoStream
        let parameters = inputStream.pointee.codecpar!
        guard let format = av_guess_format("mp4", nil, nil) else {
            throw MediaError.ffmpeg(operation: "av_guess_format(mp4)", code: vaprep_averror(EINVAL), message: "no mp4 muxer")
        }
        guard avformat_query_codec(format, parameters.pointee.codec_id, FF_COMPLIANCE_NORMAL) == 1 else {
            throw MediaError.unsupportedCodec("\(String(cString: avcodec_get_name(parameters.pointee.codec_id))) cannot be copied into MP4 "
                + "without re-encoding; send the clip with --keep-metadata or have it transcoded")
        }
        try rewindIfRead(input)

        let output = try MemoryOutput()
        var allocated: UnsafeMutablePointer<AVFormatContext>? = nil
        try FFmpegCall.check(avformat_alloc_output_context2(&allocated, format, nil, nil), "avformat_alloc_output_context2(mp4)")
        guard let context = allocated else {
            throw MediaError.ffmpeg(operation: "avformat_alloc_output_context2", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        defer {
            // The custom pb belongs to `output`; avformat_free_context does not touch it.
            context.pointee.pb = nil
            avformat_free_context(context)
        }
        context.pointee.pb = output.context
        // BITEXACT: no `encoder` tag naming the FFmpeg version in `udta`, and no other
        // version-dependent bytes, so the same input always gives the same output.
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT

        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError.ffmpeg(operation: "avformat_new_stream", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        // Codec parameters only: the stream's metadata dictionary (handler names, language,
        // creation time, vendor keys) is deliberately not copied.
        try FFmpegCall.check(avcodec_parameters_copy(stream.pointee.codecpar, parameters), "avcodec_parameters_copy")
        stream.pointee.codecpar.pointee.codec_tag = 0   // a .mov tag may not be valid in mp4; the muxer picks
        stream.pointee.time_base = inputStream.pointee.time_base
        if let matrix = vaprep_stream_display_matrix(inputStream) {
            try FFmpegCall.check(vaprep_stream_set_display_matrix(stream, matrix), "display matrix")
        }
        try FFmpegCall.check(avformat_write_header(context, nil), "avformat_write_header(mp4)")
        try copyVideoPackets(from: input, to: context, inputTimeBase: inputStream.pointee.time_base,
                             outputTimeBase: stream.pointee.time_base)
        try FFmpegCall.check(av_write_trailer(context), "av_write_trailer(mp4)")
        avio_flush(output.context)
        do {
            return try FastStart.moveMovieBoxToFront(output.takeBytes())
        } catch let failure as FastStart.Failure {
            throw MediaError.ffmpeg(operation: "FastStart.moveMovieBoxToFront", code: vaprep_averror(EINVAL), message: failure.description)
        }
    }

    /// Every packet of the video stream, in file order, unchanged but for its stream index and
    /// time base; packets of every other stream are dropped.
    private static func copyVideoPackets(
        from input: MediaInput, to context: UnsafeMutablePointer<AVFormatContext>, inputTimeBase: AVRational, outputTimeBase: AVRational
    ) throws {
        guard let packet = av_packet_alloc() else {
            throw MediaError.ffmpeg(operation: "av_packet_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        defer {
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
        }
        input.hasBeenRead = true
        while true {
            let read = av_read_frame(input.formatContext, packet)
            if read == FFmpegCall.eof { return }
            if read < 0 { throw MediaError.unreadable("a packet could not be read while remuxing (\(ffmpegErrorText(read)))") }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == input.videoStreamIndex else { continue }
            packet.pointee.stream_index = 0
            packet.pointee.pos = -1
            av_packet_rescale_ts(packet, inputTimeBase, outputTimeBase)
            try FFmpegCall.check(av_interleaved_write_frame(context, packet), "av_interleaved_write_frame(video copy)")
        }
    }

    /// Puts the demuxer back at the first packet when an earlier user of the source read from it.
    private static func rewindIfRead(_ input: MediaInput) throws {
        guard input.hasBeenRead else { return }
        let stream = input.videoStream
        let start = stream.pointee.start_time == vaprep_nopts() ? 0 : stream.pointee.start_time
        let sought = av_seek_frame(input.formatContext, input.videoStreamIndex, start, AVSEEK_FLAG_BACKWARD)
        guard sought >= 0 else { throw MediaError.ffmpeg("av_seek_frame", sought) }
    }
}
