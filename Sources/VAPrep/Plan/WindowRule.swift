/// How long a window a plan sends: the one rule every stage asks (the face search, the
/// analysis times, the transcode), so they cannot disagree about what is sent.
///
/// ```swift
/// let seconds = WindowRule.length(clipSeconds: 40, profile: .huawei, requested: nil)   // 15
/// ```
public enum WindowRule {
    /// The window length before it is clipped to what is left after the start: the length
    /// asked for (`requested`), else the profile's preferred duration, else the whole clip,
    /// and never more than the profile's `durationRange.max`.
    public static func length(clipSeconds: Double, profile: Profile, requested: Double?) -> Double {
        let wanted = requested ?? profile.preferredDuration ?? max(0, clipSeconds)
        guard let maxDuration = profile.durationRange?.max else { return wanted }
        return min(wanted, maxDuration)
    }

    /// Whether ``length(clipSeconds:profile:requested:)`` cut the wanted length to the
    /// profile's maximum (the plan says so in a note).
    static func shortened(clipSeconds: Double, profile: Profile, requested: Double?) -> Double? {
        let wanted = requested ?? profile.preferredDuration ?? max(0, clipSeconds)
        guard let maxDuration = profile.durationRange?.max, wanted > maxDuration else { return nil }
        return maxDuration
    }

    /// Whether a window of `seconds` leaves anything to choose in a clip of `clipSeconds`:
    /// half a second of slack, below which every start gives nearly the same frames.
    public static func leavesChoice(windowSeconds seconds: Double, clipSeconds: Double) -> Bool {
        clipSeconds > seconds + 0.5
    }
}
