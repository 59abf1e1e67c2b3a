/// Bounds applied to every clip before and while FFmpeg reads it, so a hostile or
/// absurd file ends in ``MediaError/limitExceeded(limit:value:max:)`` or
/// ``MediaError/timedOut(seconds:)`` instead of exhausting memory or hanging the caller.
///
/// Every limit is enforced through ``MediaError/limitExceeded(limit:value:max:)`` (or
/// ``MediaError/timedOut(seconds:)`` for the open deadline). `MediaLimits` decodes from JSON
/// written before a field existed: the missing field takes its default.
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
    /// Wall-clock budget of one decode (one sampling call, one window search, one transcode),
    /// default 300 s: the largest legitimate clip, 60 s of 4K at 60 fps (3,600 frames), takes
    /// a software decoder on two cores about 60–150 s; 300 s is twice the slow end. Enforced
    /// per frame and, through FFmpeg's interrupt callback, inside every read.
    public var decodeDeadlineSeconds: Double
    /// Most pixels one decode may produce, frames × width × height (default 60 × 10^9): twice
    /// 60 s of 4K at 60 fps (3,600 × 3840 × 2160 ≈ 29.9 × 10^9). A file that declares 0.03 s
    /// but carries thousands of frames stops here instead of decoding all of them.
    public var maxDecodedPixels: Int

    public init(
        maxFileBytes: Int64 = 1 << 30,
        maxPixels: Int = 7680 * 4320,
        maxStreams: Int = 16,
        maxDurationSeconds: Double = 600,
        openDeadlineSeconds: Double = 10,
        decodeDeadlineSeconds: Double = 300,
        maxDecodedPixels: Int = 60_000_000_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
        self.maxStreams = maxStreams
        self.maxDurationSeconds = maxDurationSeconds
        self.openDeadlineSeconds = openDeadlineSeconds
        self.decodeDeadlineSeconds = decodeDeadlineSeconds
        self.maxDecodedPixels = maxDecodedPixels
    }

    /// The documented defaults.
    public static let `default` = MediaLimits()
}

extension MediaLimits {
    private enum CodingKeys: String, CodingKey {
        case maxFileBytes, maxPixels, maxStreams, maxDurationSeconds, openDeadlineSeconds
        case decodeDeadlineSeconds, maxDecodedPixels
    }

    /// Missing keys keep their defaults, so stored settings from before a limit existed still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MediaLimits()
        self.init(
            maxFileBytes: try c.decodeIfPresent(Int64.self, forKey: .maxFileBytes) ?? d.maxFileBytes,
            maxPixels: try c.decodeIfPresent(Int.self, forKey: .maxPixels) ?? d.maxPixels,
            maxStreams: try c.decodeIfPresent(Int.self, forKey: .maxStreams) ?? d.maxStreams,
            maxDurationSeconds: try c.decodeIfPresent(Double.self, forKey: .maxDurationSeconds) ?? d.maxDurationSeconds,
            openDeadlineSeconds: try c.decodeIfPresent(Double.self, forKey: .openDeadlineSeconds) ?? d.openDeadlineSeconds,
            decodeDeadlineSeconds: try c.decodeIfPresent(Double.self, forKey: .decodeDeadlineSeconds)
                ?? d.decodeDeadlineSeconds,
            maxDecodedPixels: try c.decodeIfPresent(Int.self, forKey: .maxDecodedPixels) ?? d.maxDecodedPixels)
    }
}
