import VAPrepMedia

/// Per-call choices of a preparation (the profile holds the vendor's rules).
public struct PrepareOptions: Sendable {
    /// Window start in seconds of the source; `nil` starts at the clip's beginning (or at
    /// ``preferredStart``).
    public var start: Double?
    /// Window length in seconds; `nil` uses the profile's preferred duration or the whole clip.
    public var duration: Double?
    /// A start suggested by an analysis (where the face is best), used when ``start`` is `nil`.
    public var preferredStart: Double?
    /// Keep the audio as AAC in a transcode (it is counted against the budget).
    public var keepAudio: Bool
    /// Bounds for opening hostile or huge files.
    public var limits: MediaLimits
    /// Encodes allowed to meet the budget, the first included. Each retry lowers the cap
    /// (and the quality target, and if need be the picture size).
    public var maxAttempts: Int
    /// Clip times whose frames the transcoder hands back for the pre-check.
    public var analysisTimes: [Double]

    /// Multiplies the first attempt's bit cap; tests set it above 1 to force an overshoot
    /// and so exercise the retry loop.
    var initialRateScale: Double = 1

    public init(
        start: Double? = nil, duration: Double? = nil, preferredStart: Double? = nil, keepAudio: Bool = false,
        limits: MediaLimits = .default, maxAttempts: Int = 4, analysisTimes: [Double] = []
    ) {
        self.start = start
        self.duration = duration
        self.preferredStart = preferredStart
        self.keepAudio = keepAudio
        self.limits = limits
        self.maxAttempts = maxAttempts
        self.analysisTimes = analysisTimes
    }
}
