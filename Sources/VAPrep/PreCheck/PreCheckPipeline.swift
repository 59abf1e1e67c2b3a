import Foundation
import VAPrepCheck
import VAPrepMedia

/// The pre-check of a whole clip: probe it, sample frame pairs, find and measure the face, judge.
///
/// ```swift
/// let report = try await PreCheckPipeline.run(path: "selfie.mp4", profile: .huawei)
/// if report.verdict == .fail { print(report.reasons.map(\.message)) }
/// ```
/// Sampling is sparse (FFmpeg seeks to keyframes), so a long clip costs about as much as a short one.
/// This is a pre-check of capture quality, not a liveness model.
public enum PreCheckPipeline {
    /// The standard thresholds narrowed to what `profile` accepts (its duration and fps ranges).
    public static func thresholds(for profile: Profile, base: PreCheckThresholds = .standard) -> PreCheckThresholds {
        func range(_ r: ValueRange?) -> ClosedRange<Double>? {
            guard let r, r.min != nil || r.max != nil else { return nil }
            let low = r.min ?? 0, high = r.max ?? .greatestFiniteMagnitude
            return low <= high ? low...high : nil
        }
        var t = base.applying(durationRange: range(profile.durationRange), fpsRange: range(profile.fpsRange))
        if profile.durationRange?.max == nil { t.maxDuration = base.maxDuration }
        if profile.fpsRange?.max == nil { t.maxFps = base.maxFps }
        return t
    }

    /// Checks the clip at `path`.
    /// - Parameters:
    ///   - cascadePath: OpenCV cascade for the face detector (default: LBP improved frontal face).
    ///   - thresholds: overrides ``thresholds(for:base:)`` of `profile` when given.
    /// - Throws: `MediaError` when the file cannot be read as video, `CascadeError` for a bad cascade.
    public static func run(path: String, profile: Profile = .default, cascadePath: String = CascadeClassifier.defaultPath,
                           thresholds: PreCheckThresholds? = nil, pairs: Int = PreCheck.standardPairCount,
                           limits: MediaLimits = .default) async throws -> PreCheckReport {
        let start = Date()
        let check = try PreCheck(cascadePath: cascadePath, thresholds: thresholds ?? Self.thresholds(for: profile))
        let info = try await MediaProbe.probe(path: path, limits: limits)
        let times = PreCheck.sampleTimes(duration: info.durationSeconds, pairs: pairs)
        let frames = try await FrameSampler.sampleFrames(path: path, at: times, limits: limits)
        var report = evaluate(frames: frames, info: info, check: check)
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Judges frames that were already decoded (e.g. tapped from the transcoder's decode of the window).
    public static func evaluate(frames: [AnalysisFrame], info: MediaInfo, check: PreCheck) -> PreCheckReport {
        let images = frames.map { (time: $0.time, image: GrayImage(width: $0.width, height: $0.height, pixels: $0.luma)) }
        return check.evaluate(frames: images, clip: clipFacts(info))
    }

    /// What the verdict needs from the probe: duration, average fps and the displayed size.
    public static func clipFacts(_ info: MediaInfo) -> ClipFacts {
        ClipFacts(durationSeconds: info.durationSeconds, fps: info.video.fps,
                  width: info.video.displayWidth, height: info.video.displayHeight)
    }
}
