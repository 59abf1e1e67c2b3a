internal import CFFmpeg

/// How to turn a stored picture upright: mirror horizontally first when ``flipped``, then
/// rotate ``clockwise`` degrees (0, 90, 180, 270).
///
/// Derived from the stream's display matrix exactly as FFmpeg's `-autorotate` does
/// (fftools: `theta = -round(av_display_rotation_get(m))`, normalised into [0, 360), and
/// its choice of `transpose`/`hflip`/`vflip` per case), re-expressed as flip-then-rotate.
struct Orientation: Sendable, Equatable {
    var clockwise: Int
    var flipped: Bool

    static let upright = Orientation(clockwise: 0, flipped: false)

    /// Whether width and height swap on display.
    var swapsAxes: Bool { clockwise == 90 || clockwise == 270 }

    /// From a 3×3 display matrix (16.16 fixed point, FFmpeg layout); `nil` means none.
    init(displayMatrix m: UnsafePointer<Int32>?) {
        guard let m else { self = .upright; return }
        let raw = av_display_rotation_get(m)
        guard raw.isFinite else { self = .upright; return }
        var theta = -raw.rounded()
        theta -= 360 * (theta / 360 + 0.9 / 360).rounded(.down)
        // Phones only write multiples of 90°; anything else is snapped to the nearest one
        // (FFmpeg would run its slow arbitrary-angle `rotate` filter).
        let quarter = Int((theta / 90).rounded()) % 4
        switch quarter {
        case 1:
            // FFmpeg: transpose "cclock_flip" (a plain transpose) when m[3] > 0, else "clock".
            self = m[3] > 0 ? Orientation(clockwise: 270, flipped: true) : Orientation(clockwise: 90, flipped: false)
        case 2:
            // FFmpeg: hflip when m[0] < 0, vflip when m[4] < 0 (both = 180°; vflip = 180° of a mirror).
            switch (m[0] < 0, m[4] < 0) {
            case (true, true): self = Orientation(clockwise: 180, flipped: false)
            case (true, false): self = Orientation(clockwise: 0, flipped: true)
            case (false, true): self = Orientation(clockwise: 180, flipped: true)
            case (false, false): self = .upright
            }
        case 3:
            // FFmpeg: transpose "clock_flip" (anti-transpose) when m[3] < 0, else "cclock".
            self = m[3] < 0 ? Orientation(clockwise: 90, flipped: true) : Orientation(clockwise: 270, flipped: false)
        default:
            // FFmpeg: vflip when m[4] < 0.
            self = m[4] < 0 ? Orientation(clockwise: 180, flipped: true) : .upright
        }
    }

    init(clockwise: Int, flipped: Bool) {
        self.clockwise = clockwise
        self.flipped = flipped
    }
}
