internal import CFFmpeg

extension MediaInfo {
    /// Reads everything from an opened, probed context, each value checked (`FileValue`).
    init(context: UnsafeMutablePointer<AVFormatContext>, videoStreamIndex: Int32, sizeBytes: Int64) throws {
        let format = context.pointee
        let streams = UnsafeBufferPointer(start: format.streams, count: Int(format.nb_streams))
        guard let videoStream = streams[Int(videoStreamIndex)] else {
            throw MediaError.unreadable("the video stream is missing")
        }
        let video = try VideoStreamInfo(stream: videoStream)
        let timeBase = try FileValue.timeBase(videoStream.pointee.time_base)
        var duration = 0.0
        if format.duration != vaprep_nopts() && format.duration > 0 {
            duration = FileValue.seconds(format.duration, vaprep_time_base_q())
        } else if videoStream.pointee.duration != vaprep_nopts() && videoStream.pointee.duration > 0 {
            duration = FileValue.seconds(videoStream.pointee.duration, timeBase)
        }
        duration = try FileValue.duration(duration, of: "container")
        let audio = streams.compactMap { stream -> AudioStreamInfo? in
            guard let par = stream?.pointee.codecpar, par.pointee.codec_type == AVMEDIA_TYPE_AUDIO else { return nil }
            return AudioStreamInfo(codec: String(cString: avcodec_get_name(par.pointee.codec_id)),
                                   channels: Int(vaprep_codecpar_channels(par)),
                                   sampleRate: max(0, Int(par.pointee.sample_rate)))
        }
        var creation: String?
        if let tag = av_dict_get(format.metadata, "creation_time", nil, 0), let value = tag.pointee.value {
            creation = String(cString: value)
        }
        self.init(format: String(cString: format.iformat.pointee.name),
                  durationSeconds: duration, sizeBytes: sizeBytes,
                  bitRate: format.bit_rate > 0 ? format.bit_rate : nil,
                  video: video, audio: audio, creationTime: creation)
    }
}

extension VideoStreamInfo {
    init(stream: UnsafeMutablePointer<AVStream>) throws {
        let par = stream.pointee.codecpar.pointee
        let pixelFormat = AVPixelFormat(rawValue: par.format)
        let orientation = Orientation(displayMatrix: vaprep_stream_display_matrix(stream))
        let width = Int(par.width), height = Int(par.height)
        func name(_ c: UnsafePointer<CChar>?) -> String? { c.map { String(cString: $0) } }
        // r_frame_rate is FFmpeg's guess of the timestamp grid, not a declaration: above the
        // bound it is dropped rather than refused; the average rate is what the clip plays at.
        let realFps = FileValue.positive(stream.pointee.r_frame_rate).flatMap { $0 <= VideoStreamInfo.maxFramesPerSecond ? $0 : nil }
        let fps = try FileValue.frameRate(stream.pointee.avg_frame_rate) ?? realFps ?? 0
        let trc = par.color_trc
        self.init(
            codec: String(cString: avcodec_get_name(par.codec_id)),
            profile: name(avcodec_profile_name(par.codec_id, par.profile)),
            pixelFormat: name(av_get_pix_fmt_name(pixelFormat)) ?? "unknown",
            bitDepth: Int(vaprep_pix_fmt_bit_depth(par.format)),
            chromaSubsampling: VideoStreamInfo.chroma(pixelFormat),
            width: width, height: height,
            rotation: orientation.clockwise, flipped: orientation.flipped,
            displayWidth: orientation.swapsAxes ? height : width,
            displayHeight: orientation.swapsAxes ? width : height,
            fps: fps, realFps: realFps,
            frameCount: FileValue.count(stream.pointee.nb_frames),
            colorPrimaries: par.color_primaries == AVCOL_PRI_UNSPECIFIED ? nil : name(av_color_primaries_name(par.color_primaries)),
            colorTransfer: trc == AVCOL_TRC_UNSPECIFIED ? nil : name(av_color_transfer_name(trc)),
            colorMatrix: par.color_space == AVCOL_SPC_UNSPECIFIED ? nil : name(av_color_space_name(par.color_space)),
            hdr: trc == AVCOL_TRC_SMPTE2084 || trc == AVCOL_TRC_ARIB_STD_B67)
    }

    private static func chroma(_ format: AVPixelFormat) -> String {
        guard let desc = av_pix_fmt_desc_get(format) else { return "unknown" }
        if desc.pointee.nb_components < 3 { return "4:0:0" }
        switch (desc.pointee.log2_chroma_w, desc.pointee.log2_chroma_h) {
        case (0, 0): return "4:4:4"
        case (1, 0): return "4:2:2"
        case (1, 1): return "4:2:0"
        case (2, 0): return "4:1:1"
        case (2, 2): return "4:1:0"
        case (let w, let h): return "1/\(1 << Int(w))x1/\(1 << Int(h))"
        }
    }
}
