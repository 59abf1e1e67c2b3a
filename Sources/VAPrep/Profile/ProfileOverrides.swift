/// Command-line adjustments to a profile (`--max-bytes`, `--duration`, `--max-fps`, `--max-side`).
public struct ProfileOverrides: Sendable, Equatable {
    /// Replaces the profile's size limit, in the profile's own unit: the `videoData` value
    /// (prefix included) for value-limited profiles, the file for file-limited ones (Alibaba).
    public var maxBytes: Int?
    /// Window length to send, in seconds (replaces the preferred duration).
    public var duration: Double?
    /// Frame-rate cap (replaces the profile's fps maximum).
    public var maxFps: Double?
    /// Longest displayed side of a transcoded output, in pixels.
    public var maxSide: Int?

    public init(maxBytes: Int? = nil, duration: Double? = nil, maxFps: Double? = nil, maxSide: Int? = nil) {
        self.maxBytes = maxBytes
        self.duration = duration
        self.maxFps = maxFps
        self.maxSide = maxSide
    }
}

extension Profile {
    /// This profile with `overrides` applied; the result is validated.
    /// - Throws: ``ProfileError/invalidValue(field:reason:)`` for an unusable override.
    public func applying(_ overrides: ProfileOverrides) throws(ProfileError) -> Profile {
        var p = self
        if let maxBytes = overrides.maxBytes {
            if p.maxFileBytes != nil && p.maxValueBytes == nil {
                p.maxFileBytes = maxBytes
            } else {
                p.maxValueBytes = maxBytes
                p.maxFileBytes = nil
            }
        }
        if let duration = overrides.duration {
            if !(duration > 0) { throw .invalidValue(field: "duration", reason: "must be positive, got \(duration)") }
            p.preferredDuration = duration
        }
        if let maxFps = overrides.maxFps {
            if !(maxFps > 0) { throw .invalidValue(field: "maxFps", reason: "must be positive, got \(maxFps)") }
            var range = p.fpsRange ?? ValueRange()
            range.max = maxFps
            if let lo = range.min, lo > maxFps { range.min = nil }
            p.fpsRange = range
        }
        if let maxSide = overrides.maxSide { p.maxSide = maxSide }
        try p.validate()
        return p
    }
}
