/// Chooses where in a clip to cut the part sent to the vendor, using the pre-check's per-frame scores.
public enum FaceWindow {
    /// How usable one analysed frame is, 0…1: no face 0; otherwise 1 minus penalties for a face that
    /// is too dark/bright, blurry or small (the same limits the verdict uses).
    public static func score(_ frame: PreCheckReport.Frame, thresholds: PreCheckThresholds = .standard) -> Double {
        guard let face = frame.faces.first else { return 0 }
        var s = 1.0
        if let luma = frame.faceLuma, luma < thresholds.warnDarkLuma || luma > thresholds.warnBrightLuma { s -= 0.3 }
        if let sharp = frame.sharpness, sharp < thresholds.warnSharpness { s -= 0.3 }
        if Double(face.width) / Double(min(frame.width, frame.height)) < thresholds.warnFaceFraction { s -= 0.2 }
        if frame.faces.count > 1 { s -= 0.1 }
        return max(0.05, s)
    }

    /// Start time of the best window of `windowDuration` seconds in a clip of `clipDuration`: the one
    /// whose sampled frames score highest on average. Candidate starts are 0 and each sample time;
    /// ties (including "no scores at all") go to the earliest start, so a uniformly good clip keeps
    /// its beginning as before.
    public static func bestStart(frames: [PreCheckReport.Frame], windowDuration: Double, clipDuration: Double,
                                 thresholds: PreCheckThresholds = .standard) -> Double {
        let latest = max(0, clipDuration - windowDuration)
        guard latest > 0, !frames.isEmpty else { return 0 }
        let scored = frames.map { ($0.time, score($0, thresholds: thresholds)) }
        let starts = Set([0] + frames.map { min(max(0, $0.time), latest) }).sorted()
        var best = 0.0, bestScore = -1.0
        for start in starts {
            let inside = scored.filter { $0.0 >= start && $0.0 <= start + windowDuration }
            guard !inside.isEmpty else { continue }
            let mean = inside.map(\.1).reduce(0, +) / Double(inside.count)
            // Strictly better by a margin, so rounding noise cannot move the window off the start.
            if mean > bestScore + 1e-9 { bestScore = mean; best = start }
        }
        return best
    }
}
