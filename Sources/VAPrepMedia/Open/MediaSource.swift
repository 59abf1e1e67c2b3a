import Foundation

/// A clip opened and probed once, then transcoded (and re-transcoded) without opening it again.
///
/// ```swift
/// let source = try await MediaSource.open(path: "selfie.mov")
/// let settings = TranscodeSettings(duration: 5, outputWidth: 720, outputHeight: 1280)
/// if source.info.video.rotation != 0 {
///     let result = try await Transcoder.transcode(source: source, settings: settings)
/// }
/// ```
///
/// Why: probing decodes a few frames (FFmpeg's `avformat_find_stream_info` needs the pixel
/// format and the reorder delay); on a 1080p H.264 clip that is ~60 ms of one core, paid
/// once per open. ``MediaProbe/probe(path:limits:)`` followed by
/// ``Transcoder/transcode(path:limits:settings:progress:)`` pays it twice.
///
/// One transcode at a time uses the opened file; a second one waits for the first. A
/// cancelled transcode leaves the source cancelled too: open it again to retry.
public final class MediaSource: @unchecked Sendable {
    /// What the probe found.
    public let info: MediaInfo
    /// The path the source was opened from.
    public let path: String
    let input: MediaInput
    /// Held for the whole of each use of `input` (FFmpeg's demuxer is single-threaded).
    private let lock = NSLock()

    private init(input: MediaInput) {
        self.input = input
        self.info = input.info
        self.path = input.path
    }

    /// Opens and probes `path` as ``MediaProbe/probe(path:limits:)`` does, keeping it open.
    /// - Throws: ``MediaError``.
    public static func open(path: String, limits: MediaLimits = .default) async throws -> MediaSource {
        try await BlockingWork.run(interruptible: { interrupt in
            MediaSource(input: try MediaInput.open(path: path, limits: limits, interrupt: interrupt))
        })
    }

    /// Opens and probes a clip held in memory, keeping it open: the same rules as a file
    /// (format whitelist, every limit and check), read through a custom `AVIOContext` with
    /// no protocol and no nested open at all. The bytes are copied by value; ``path`` is
    /// "in-memory clip".
    ///
    /// ```swift
    /// let source = try await MediaSource.open(bytes: upload)
    /// ```
    /// - Throws: ``MediaError``.
    public static func open(bytes: [UInt8], limits: MediaLimits = .default) async throws -> MediaSource {
        try await BlockingWork.run(interruptible: { interrupt in
            MediaSource(input: try MediaInput.open(bytes: bytes, limits: limits, interrupt: interrupt))
        })
    }

    /// The clip's bytes exactly as they are (a pass-through that keeps the metadata sends them):
    /// the file read again, or the bytes the source was opened from.
    /// - Throws: ``MediaError`` when the file can no longer be read.
    public func originalBytes() throws -> [UInt8] {
        try input.originalBytes()
    }

    /// Runs `body` with the opened input, one caller at a time.
    func withInput<T>(_ body: (MediaInput) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(input)
    }
}
