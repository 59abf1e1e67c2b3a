internal import CFFmpeg

/// FFmpeg's return-code protocol for the transcode path: negative is an error, except
/// EAGAIN/EOF in the send/receive loops, which the callers treat as normal flow.
enum FFmpegCall {
    /// Throws `MediaError.ffmpeg` when `code` is negative; returns it otherwise.
    @discardableResult
    static func check(_ code: Int32, _ operation: String) throws -> Int32 {
        if code < 0 { throw error(code, operation) }
        return code
    }

    static func error(_ code: Int32, _ operation: String) -> MediaError {
        MediaError.ffmpeg(operation, code)
    }

    static var eagain: Int32 { vaprep_averror_eagain() }
    static var eof: Int32 { vaprep_averror_eof() }
}
