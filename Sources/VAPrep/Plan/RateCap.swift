/// How a byte budget becomes x264's VBV cap, and the smallest output worth sending.
///
/// With a VBV max rate `M` and buffer `B`, the bits an encoder may spend over `T` seconds are
/// at most `M·T + B`. Choosing `B = M` (a one-second buffer, which leaves x264 room for the
/// first keyframe) gives `M = bits / (T + 1)`. A safety factor absorbs x264's VBV slack
/// (measured here: single-pass rate control overshot its target by ~7%); the retry loop in
/// ``Preparer`` catches what still slips through.
enum RateCap {
    /// Fraction of the computed rate actually granted to the encoder.
    static let safetyFactor = 0.9
    /// Below ~0.03 bits per pixel x264's output at 30 fps turns to blocks a face detector
    /// cannot read; a plan never asks for less, it shrinks the picture instead.
    static let minimumBitsPerPixel = 0.03
    /// Floor of the video rate whatever the size.
    static let minimumBitsPerSecond = 48_000.0
    /// AAC stereo at FFmpeg's default quality; counted only when audio is kept.
    static let audioBitsPerSecond = 128_000.0

    /// Bytes of MP4 structure around the coded frames: `ftyp`, `moov` with its sample tables
    /// (about 20 bytes per video sample for stsz/ctts/stss/stco, ~10 per audio frame).
    static func containerOverhead(seconds: Double, fps: Double, keepAudio: Bool) -> Int {
        let videoSamples = (seconds * fps).rounded(.up)
        let audioFrames = keepAudio ? (seconds * 48_000 / 1024).rounded(.up) : 0
        return 2048 + Int(videoSamples * 20 + audioFrames * 10)
    }

    /// Bytes left for coded video once the container (and audio, when kept) is paid for.
    static func videoBytes(mp4Bytes: Int, seconds: Double, fps: Double, keepAudio: Bool) -> Int {
        let audio = keepAudio ? Int(audioBitsPerSecond * seconds / 8) : 0
        return mp4Bytes - containerOverhead(seconds: seconds, fps: fps, keepAudio: keepAudio) - audio
    }

    /// The VBV max rate (bits/s) that keeps `videoBytes` over `seconds`; the buffer equals it.
    static func maxRate(videoBytes: Int, seconds: Double, safety: Double = safetyFactor) -> Int {
        guard videoBytes > 0 else { return 0 }
        return Int(Double(videoBytes) * 8 * safety / (seconds + 1))
    }

    /// The least rate worth encoding `size` at `fps`.
    static func minimumRate(size: OutputSize, fps: Double) -> Double {
        max(minimumBitsPerSecond, minimumBitsPerPixel * Double(size.pixels) * fps)
    }

    /// The MP4 bytes the smallest acceptable output needs.
    static func minimumMP4Bytes(size: OutputSize, seconds: Double, fps: Double, keepAudio: Bool) -> Int {
        let videoBits = minimumRate(size: size, fps: fps) * (seconds + 1) / safetyFactor
        let audio = keepAudio ? audioBitsPerSecond * seconds / 8 : 0
        return containerOverhead(seconds: seconds, fps: fps, keepAudio: keepAudio) + Int((videoBits / 8 + audio).rounded(.up))
    }

    /// The longest window (seconds) whose smallest output fits in `mp4Bytes`, if any.
    static func longestFittingWindow(mp4Bytes: Int, size: OutputSize, fps: Double, keepAudio: Bool) -> Double? {
        var lo = 0.0, hi = 600.0
        guard minimumMP4Bytes(size: size, seconds: 0.5, fps: fps, keepAudio: keepAudio) <= mp4Bytes else { return nil }
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            if minimumMP4Bytes(size: size, seconds: mid, fps: fps, keepAudio: keepAudio) <= mp4Bytes { lo = mid } else { hi = mid }
        }
        return (lo * 10).rounded(.down) / 10
    }
}
