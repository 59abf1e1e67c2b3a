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
    /// - Throws: ``MediaError``.
    public static func probe(path: String, limits: MediaLimits = .default) async throws -> MediaInfo {
        let interrupt = InterruptState()
        if Task.isCancelled { throw MediaError.cancelled }
        // Off the cooperative pool: the probe reads the file and decodes a frame or more.
        return try await BlockingWork.run(onCancel: { interrupt.cancel() }) {
            try MediaInput.open(path: path, limits: limits, interrupt: interrupt).info
        }
    }
}
