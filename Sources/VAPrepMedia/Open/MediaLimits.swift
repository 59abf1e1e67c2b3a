/// Bounds applied to every clip before and while FFmpeg reads it, so a hostile or
/// absurd file ends in ``MediaError/limitExceeded(limit:value:max:)`` or
/// ``MediaError/timedOut(seconds:)`` instead of exhausting memory or hanging the caller.
///
/// The defaults fit phone selfie clips with a wide margin (a 60 s 4K HEVC iPhone clip is
/// about 400 MB); tighten them for an upload service, loosen them for trusted batch input:
///
/// ```swift
/// var limits = MediaLimits.default
/// limits.maxDurationSeconds = 60
/// let info = try await MediaProbe.probe(path: path, limits: limits)
/// ```
public struct MediaLimits: Sendable, Codable, Equatable {
    /// Largest accepted file, in bytes (default 1 GiB). Checked with `stat` before FFmpeg
    /// sees the file.
    public var maxFileBytes: Int64
    /// Largest accepted stored frame, width × height (default 7680 × 4320, 8K UHD). Also
    /// handed to the decoder as `max_pixels`, so a lying header cannot allocate more.
    public var maxPixels: Int
    /// Most streams a container may declare (default 16; phones write 2–6: video, audio,
    /// and a few metadata tracks).
    public var maxStreams: Int
    /// Longest accepted clip, in seconds (default 600). A clip whose duration FFmpeg cannot
    /// determine is accepted; its size is still bounded by ``maxFileBytes``.
    public var maxDurationSeconds: Double
    /// Wall-clock budget for opening and probing (default 10 s), enforced through FFmpeg's
    /// interrupt callback so that no read or parse loop can run past it.
    public var openDeadlineSeconds: Double

    public init(
        maxFileBytes: Int64 = 1 << 30,
        maxPixels: Int = 7680 * 4320,
        maxStreams: Int = 16,
        maxDurationSeconds: Double = 600,
        openDeadlineSeconds: Double = 10
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
        self.maxStreams = maxStreams
        self.maxDurationSeconds = maxDurationSeconds
        self.openDeadlineSeconds = openDeadlineSeconds
    }

    /// The documented defaults.
    public static let `default` = MediaLimits()
}
