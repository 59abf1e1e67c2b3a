import CFFmpeg
import Logging

/// Routes FFmpeg's own log (normally printed to stderr) into swift-log under the label
/// `vaprep.ffmpeg` at `debug`, so library users see FFmpeg's words only when they ask for
/// them, and never as the only explanation of a failure (that is ``MediaError``'s job).
enum FFmpegLog {
    static let logger = Logger(label: "vaprep.ffmpeg")

    /// Installs the bridge; safe to call from any thread, any number of times. Swift runs a
    /// global's initialiser exactly once (`swift_once`), which makes this thread-safe.
    static func installOnce() { _ = installed }

    private static let installed: Void = {
        // AV_LOG_INFO: warnings and errors about the input, without per-packet chatter.
        vaprep_set_log_sink({ level, line in
            guard let line else { return }
            FFmpegLog.logger.debug("\(String(cString: line))", metadata: ["ffmpegLevel": "\(level)"])
        }, AV_LOG_INFO)
    }()
}
