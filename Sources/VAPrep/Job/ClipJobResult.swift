import VAPrepCheck
import VAPrepMedia

/// What a ``ClipJob`` found and made.
public struct ClipJobResult: Sendable {
    /// The source as probed by the job's one open.
    public var source: MediaInfo
    /// The plan followed: its window is the one searched, encoded and judged.
    public var plan: Plan
    /// The window search, `nil` when there was nothing to choose (the clip fits the window,
    /// an explicit start) or the job had no search step.
    public var search: WindowSearch?
    /// The payload, when the job had the encode step.
    public var prepared: PreparedClip?
    /// The verdict on the window's frames, when the job had the pre-check step.
    public var preCheck: PreCheckReport?
    /// Wall time of the whole job.
    public var seconds: Double
}
