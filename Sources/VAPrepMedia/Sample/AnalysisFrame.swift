/// One upright video frame at analysis size, as plain pixels (no FFmpeg types), for the
/// pre-check: face detection and exposure/blur/motion metrics.
///
/// The display rotation is already applied, so `width`×`height` has the clip's displayed
/// aspect (a portrait phone clip gives a portrait frame).
public struct AnalysisFrame: Sendable, Equatable {
    /// Time of the decoded frame in seconds from the clip's start (the first frame at or
    /// after the time asked for).
    public var time: Double
    public var width: Int
    public var height: Int
    /// Luma (full-range grey, 0–255), row-major, `width * height` bytes, no padding.
    public var luma: [UInt8]
    /// Packed RGB24, `width * height * 3` bytes, when requested; otherwise nil.
    public var rgb: [UInt8]?

    /// The short side, in pixels, every analysis frame is decoded at unless a caller asks
    /// otherwise: the pre-check's thresholds are set at this size (its smallest face, 0.15 of
    /// the short side, is 54 px, just above the LBP cascade's 45 px window), and detection
    /// cost grows with the pixel count.
    public static let standardShortSide = 360

    public init(time: Double, width: Int, height: Int, luma: [UInt8], rgb: [UInt8]? = nil) {
        self.time = time
        self.width = width
        self.height = height
        self.luma = luma
        self.rgb = rgb
    }
}
