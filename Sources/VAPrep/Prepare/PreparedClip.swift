import VAPrepMedia

/// A clip ready to send: the MP4 bytes, how they were made and their exact sizes.
///
/// Encodes (for `vaprep prepare --json`) everything but the bytes and analysis frames.
public struct PreparedClip: Sendable, Encodable {
    /// The MP4 to send (for a pass-through, the source's video stream copied without metadata, or the
    /// source's bytes when the profile keeps metadata).
    public var mp4: [UInt8]
    /// Whether ``mp4`` carries the source's video stream as it is (no re-encode).
    public var passThrough: Bool
    /// The plan that was followed.
    public var plan: Plan
    /// Every encode made to meet the budget (empty for a pass-through).
    public var attempts: [EncodeAttempt]
    /// `mp4.count`.
    public var mp4Bytes: Int
    /// Length of the `videoData` value, `base64:` prefix included.
    public var payloadBytes: Int
    /// The limit in the budget's unit (`plan.budget.unit`), `nil` when the profile has none.
    public var budgetBytes: Int?
    /// What the prepared MP4 is, probed from the bytes themselves.
    public var output: MediaInfo
    /// Wall time of the whole preparation.
    public var seconds: Double
    /// Frames tapped during the transcode at `PrepareOptions.analysisTimes`, for the pre-check.
    public var analysisFrames: [AnalysisFrame]

    enum CodingKeys: String, CodingKey {
        case passThrough, plan, attempts, mp4Bytes, payloadBytes, budgetBytes, output, seconds
    }
}

/// One encode of a preparation and its result.
public struct EncodeAttempt: Codable, Sendable, Equatable {
    public var crf: Double
    public var outputWidth: Int
    public var outputHeight: Int
    public var maxRateBitsPerSecond: Int?
    public var mp4Bytes: Int
    /// Whether this encode kept the budget (only the last one may).
    public var withinBudget: Bool
    /// Frames x264 received with face regions of interest (0: encoded without face weighting).
    public var faceWeightedFrames: Int = 0
}
