internal import CFFmpeg

/// FFmpeg's text for an error code (`av_strerror`).
func ffmpegErrorText(_ code: Int32) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
        vaprep_strerror(code, buffer.baseAddress!, buffer.count)
        return String(cString: buffer.baseAddress!)
    }
}

extension MediaError {
    /// An internal FFmpeg failure of `operation`.
    static func ffmpeg(_ operation: String, _ code: Int32) -> MediaError {
        .ffmpeg(operation: operation, code: code, message: ffmpegErrorText(code))
    }
}
