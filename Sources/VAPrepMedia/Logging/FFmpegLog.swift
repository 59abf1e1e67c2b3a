internal import CFFmpeg
import Foundation
import Logging

/// Routes FFmpeg's own log (normally printed to stderr) into swift-log under the label
/// `vaprep.ffmpeg` at `debug`, so library users see FFmpeg's words only when they ask for
/// them, and never as the only explanation of a failure (that is ``MediaError``'s job).
///
/// FFmpeg calls the sink from its own decoder threads too; the logger is read under a lock.
enum FFmpegLog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = Logger(label: "vaprep.ffmpeg")

    /// The logger FFmpeg's lines go to (also used for vaprep's own FFmpeg-level notes).
    static var logger: Logger {
        lock.withLock { current }
    }

    /// Sends FFmpeg's lines to `logger` while `body` runs (tests observe the bridge with it).
    @discardableResult
    static func withLogger<T>(_ logger: Logger, _ body: () throws -> T) rethrows -> T {
        let previous = lock.withLock { () -> Logger in
            defer { current = logger }
            return current
        }
        defer { lock.withLock { current = previous } }
        return try body()
    }

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
