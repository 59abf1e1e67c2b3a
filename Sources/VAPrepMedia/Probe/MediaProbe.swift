/// Reads what a clip is without decoding it.
///
/// ```swift
/// let info = try await MediaProbe.probe(path: "selfie.mov")
/// print(info.video.displayWidth, info.video.displayHeight, info.durationSeconds)
/// ```
public enum MediaProbe {
    /// Opens `path` safely (see ``MediaLimits`` and ``MediaError``), probes it and closes it.
    ///
    /// Bounded by `limits.openDeadlineSeconds`; cancelling the task aborts FFmpeg's reads.
    /// Runs on a GCD worker, off Swift's cooperative pool (see ``BlockingWork``).
    /// - Throws: ``MediaError``.
    public static func probe(path: String, limits: MediaLimits = .default) async throws -> MediaInfo {
        try await BlockingWork.run(interruptible: { interrupt in
            try MediaInput.open(path: path, limits: limits, interrupt: interrupt).info
        })
    }

    /// Probes a clip held in memory under the same rules as a file (format whitelist, every
    /// limit and check; no protocol and no nested open at all). `sizeBytes` is `bytes.count`.
    /// - Throws: ``MediaError``; messages name the input "in-memory clip".
    public static func probe(bytes: [UInt8], limits: MediaLimits = .default) async throws -> MediaInfo {
        try await BlockingWork.run(interruptible: { interrupt in
            try MediaInput.open(bytes: bytes, limits: limits, interrupt: interrupt).info
        })
    }
}
