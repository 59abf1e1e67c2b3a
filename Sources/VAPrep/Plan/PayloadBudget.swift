/// The size promise of a preparation: what is limited (the `videoData` value or the file),
/// the limit, and the largest MP4 that keeps it.
public struct PayloadBudget: Codable, Sendable, Equatable {
    /// What the vendor limits.
    public enum Unit: String, Codable, Sendable {
        /// The `videoData` form value, `base64:` prefix included (Juhe, Huawei).
        case videoData
        /// The MP4 file before base64 (Alibaba Cloud).
        case file
    }

    public var unit: Unit
    /// The vendor's limit, in bytes of `unit`.
    public var limitBytes: Int
    /// The largest MP4 file that satisfies every limit of the profile.
    public var maxMP4Bytes: Int

    /// The budget of `profile`, or `nil` when it publishes no size limit.
    public init?(profile: Profile) {
        guard let maxMP4 = profile.maxMP4Bytes else { return nil }
        if let value = profile.maxValueBytes {
            self.unit = .videoData
            self.limitBytes = value
        } else {
            self.unit = .file
            self.limitBytes = profile.maxFileBytes ?? maxMP4
        }
        self.maxMP4Bytes = maxMP4
    }

    /// Whether an MP4 of `mp4Bytes` keeps the promise.
    public func admits(mp4Bytes: Int) -> Bool { mp4Bytes <= maxMP4Bytes }
}
