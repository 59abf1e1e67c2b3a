/// Caps the frame rate by dropping frames, never duplicating them and never retiming them.
///
/// Output time is cut into slots of `1 / maxFps`; a frame is kept when it is the first
/// frame to reach a new slot. Kept frames keep their own timestamps, so motion speed is
/// unchanged, and at most one frame is kept per slot, so the rate never exceeds the cap:
/// 60 fps → 30 keeps every other frame; 31 fps → 30 drops about one frame a second.
struct FrameRateLimiter: Sendable {
    let interval: Double?
    /// A whole number held as a Double: times come from the file, and `Int(_:)` of a huge
    /// quotient would trap.
    private var lastSlot = -Double.infinity

    /// `maxFps == nil` keeps every frame.
    init(maxFps: Double?) {
        if let maxFps, maxFps > 0 { interval = 1 / maxFps } else { interval = nil }
    }

    /// Whether the frame at `time` (seconds, any origin, increasing) is kept.
    mutating func keep(time: Double) -> Bool {
        guard let interval else { return true }
        // Timestamps rounded to the container's clock (1/90000, 1/600 in phone .mov files)
        // land a hair before the slot boundary; 1 ms (or a tenth of a slot) absorbs that
        // without letting a genuinely early frame in.
        let slack = min(0.001, interval / 10)
        let slot = ((time + slack) / interval).rounded(.down)
        guard slot.isFinite else { return false }
        guard slot > lastSlot else { return false }
        lastSlot = slot
        return true
    }
}
