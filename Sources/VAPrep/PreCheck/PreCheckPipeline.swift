import Foundation
import VAPrepCheck
import VAPrepMedia

/// The pre-check of a clip on its own (`vaprep check`): the window the profile would send,
/// sampled in frame pairs, the face found and measured, the verdict.
///
/// ```swift
/// let report = try await PreCheckPipeline.run(path: "selfie.mp4", profile: .huawei)
/// if report.verdict == .fail { print(report.reasons.map(\.message)) }
/// ```
/// It runs a ``ClipJob`` without the encode step, so it judges the same window, with the same
/// frames, that `vaprep FILE` judges and `vaprep submit` sends. Sampling is sparse (FFmpeg
/// seeks to keyframes), so a long clip costs about as much as a short one.
/// This is a pre-check of capture quality, not a liveness model.
public enum PreCheckPipeline {
    /// Checks the clip at `path`.
    /// - Parameters:
    ///   - detector: the face detector (default: the CNN; `.cascade(path:)` for an OpenCV cascade).
    ///   - thresholds: overrides ``Plan/preCheckThresholds(for:base:)`` of `profile` when given.
    /// - Throws: `MediaError` when the file cannot be read as video, `CascadeError` for a bad cascade,
    ///   ``PrepareError`` when the profile cannot take the clip at all (e.g. shorter than its minimum).
    public static func run(path: String, profile: Profile = .default, detector: FaceDetectorChoice = .cnn,
                           thresholds: PreCheckThresholds? = nil, pairs: Int = PreCheck.standardPairCount,
                           limits: MediaLimits = .default) async throws -> PreCheckReport {
        try await run(.file(path: path), profile: profile, detector: detector, thresholds: thresholds, pairs: pairs, limits: limits)
    }

    /// Checks a clip held in memory (an upload) without writing it anywhere.
    /// - Throws: as ``run(path:profile:detector:thresholds:pairs:limits:)``.
    public static func run(bytes: [UInt8], profile: Profile = .default, detector: FaceDetectorChoice = .cnn,
                           thresholds: PreCheckThresholds? = nil, pairs: Int = PreCheck.standardPairCount,
                           limits: MediaLimits = .default) async throws -> PreCheckReport {
        try await run(.memory(bytes: bytes), profile: profile, detector: detector, thresholds: thresholds, pairs: pairs, limits: limits)
    }

    private static func run(_ input: ClipJob.Input, profile: Profile, detector: FaceDetectorChoice,
                            thresholds: PreCheckThresholds?, pairs: Int, limits: MediaLimits) async throws -> PreCheckReport {
        let check = try PreCheck(detector: detector, thresholds: thresholds ?? Plan.preCheckThresholds(for: profile))
        let job = ClipJob(input: input, profile: profile, options: PrepareOptions(limits: limits),
                          steps: [.searchWindow, .preCheck], check: check, pairs: pairs)
        let result = try await job.run()
        guard var report = result.preCheck else { preconditionFailure("a job with the pre-check step returns a report") }
        report.seconds = result.seconds
        return report
    }

    /// Judges frames that were already decoded (e.g. tapped from the transcoder's decode of the window).
    public static func evaluate(frames: [AnalysisFrame], info: MediaInfo, check: PreCheck) -> PreCheckReport {
        evaluate(frames: frames, facts: clipFacts(info), check: check)
    }

    /// Judges `frames` of a clip described by `facts`: with `pairs` (indices into `frames`, as
    /// ``PreCheckSampling/pairs``) when they were sampled as pairs, else each frame with the next.
    public static func evaluate(frames: [AnalysisFrame], pairs: [[Int]]? = nil, facts: ClipFacts, check: PreCheck) -> PreCheckReport {
        let images = frames.map { (time: $0.time, image: GrayImage(width: $0.width, height: $0.height, pixels: $0.luma)) }
        guard let pairs else { return check.evaluate(frames: images, clip: facts) }
        return check.evaluate(frames: images, pairs: pairs, clip: facts)
    }

    /// What the verdict needs from the probe: duration, average fps and the displayed size.
    public static func clipFacts(_ info: MediaInfo) -> ClipFacts {
        ClipFacts(durationSeconds: info.durationSeconds, fps: info.video.fps,
                  width: info.video.displayWidth, height: info.video.displayHeight)
    }
}
