import VAPrepMedia
import VAPrepCheck

extension Plan {
    /// The pre-check's limits for `profile`: the standard capture-quality limits with the
    /// vendor's own duration and fps bounds laid over them, each bound only where the profile
    /// states it. A profile with only a maximum frame rate keeps the standard minimum (10 fps,
    /// below which motion cannot be measured), never a minimum of 0 from a half-empty range.
    ///
    /// Each lower bound is the stricter of the two (the vendor refuses below its minimum, the
    /// pre-check cannot judge below its own); each upper bound is the vendor's, since nothing
    /// in the standard limits caps a clip's length or rate.
    public static func preCheckThresholds(for profile: Profile, base: PreCheckThresholds = .standard) -> PreCheckThresholds {
        var t = base
        if let min = profile.durationRange?.min { t.minDuration = Swift.max(base.minDuration, min) }
        if let max = profile.durationRange?.max { t.maxDuration = max }
        if let min = profile.fpsRange?.min { t.minFps = Swift.max(base.minFps, min) }
        if let max = profile.fpsRange?.max { t.maxFps = max }
        return t
    }

    /// What the pre-check learns about the clip this plan sends, before it is encoded: the
    /// window's length, the capped frame rate and the displayed output size. `vaprep check`
    /// judges these; a job that encodes judges the probed output instead, which matches
    /// them to a frame.
    func sentClipFacts(source: MediaInfo) -> ClipFacts {
        let video = source.video
        if let settings = transcode {
            let fps = Swift.min(video.fps, settings.maxFps ?? .infinity)
            return ClipFacts(durationSeconds: windowDuration, fps: fps,
                             width: settings.outputWidth, height: settings.outputHeight)
        }
        return ClipFacts(durationSeconds: source.durationSeconds, fps: video.fps,
                         width: video.displayWidth, height: video.displayHeight)
    }
}
