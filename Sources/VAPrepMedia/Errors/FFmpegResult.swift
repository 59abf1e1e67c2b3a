internal import CFFmpeg

/// FFmpeg's text for an error code (`av_strerror`).
func ffmpegErrorText(_ code: Int32) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
        vaprep_strerror(code, buffer.baseAddress!, buffer.count)
        return String(cString: buffer.baseAddress!)
    }
}

/// Which FFmpeg failures the input is to blame for: the one place that decides between an
/// input problem (CLI exit 3) and an internal failure (exit 4).
///
/// On the **reading** side (demuxer, decoder, seeking: every call whose arguments come from
/// the file) a failure is the file's, except the codes that cannot come from data: out of
/// memory, FFmpeg's internal bug codes, and `EAGAIN` outside a send/receive loop. FFmpeg's
/// own documentation of `avcodec_send_packet` calls its other errors "legitimate decoding
/// errors", and `EINVAL` there comes from parameters read from the file (a 0×0 size, bad
/// extradata). On the **writing** side (scaler, encoder, muxer: fed by vaprep's own frames
/// and packets) every failure is internal.
enum FFmpegFailure {
    /// Codes that never describe the input.
    static func isInternal(_ code: Int32) -> Bool {
        code == vaprep_averror(ENOMEM) || code == vaprep_averror_eagain()
            || code == vaprep_averror_bug() || code == vaprep_averror_bug2()
    }

    /// The error for a failed call that read or decoded the input.
    static func reading(_ operation: String, _ code: Int32) -> MediaError {
        if isInternal(code) { return .ffmpeg(operation: operation, code: code, message: ffmpegErrorText(code)) }
        return .unreadable("FFmpeg could not \(operation) (\(ffmpegErrorText(code)))")
    }
}

extension MediaError {
    /// An internal FFmpeg failure of `operation` on the writing side (see `FFmpegFailure`).
    static func ffmpeg(_ operation: String, _ code: Int32) -> MediaError {
        .ffmpeg(operation: operation, code: code, message: ffmpegErrorText(code))
    }

    /// A failure of `operation` reading or decoding the input, classified by `FFmpegFailure`.
    static func reading(_ operation: String, _ code: Int32) -> MediaError {
        FFmpegFailure.reading(operation, code)
    }
}
