import VAPrepMedia

/// The single place that builds the transcoder's settings from a plan's decisions.
enum PlanSettings {
    static func make(
        start: Double, duration: Double, size: OutputSize, maxFps: Double, crf: Double,
        maxRate: Int?, keepAudio: Bool
    ) -> TranscodeSettings {
        var settings = TranscodeSettings(start: start, duration: duration, outputWidth: size.width, outputHeight: size.height)
        settings.maxFps = maxFps
        settings.crf = crf
        settings.maxRateBitsPerSecond = maxRate
        // A one-second VBV buffer: see RateCap for why bits ≤ maxRate·(T + 1).
        settings.bufferSizeBits = maxRate
        settings.keepAudio = keepAudio
        return settings
    }
}
