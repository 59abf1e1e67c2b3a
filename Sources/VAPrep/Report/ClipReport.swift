import Foundation
import VAPrepCheck
import VAPrepMedia

/// The main job in one call: what the clip is, the payload vaprep would send, and whether
/// the clip is likely to fail, all before anyone pays for the vendor's call.
///
/// ```swift
/// let report = try await ClipReport.make(path: "selfie.mov")
/// if report.preCheck.verdict == .fail { /* ask for a new recording */ }
/// upload(report.prepared.mp4)   // within the profile's budget, always
/// ```
///
/// The data flow follows the design: a long clip is first sampled sparsely (seek + decode to
/// the sample only) to find the window where the face is best; then **one** decode of that
/// window feeds both the encoder and the pre-check's frames. A pass-through clip is not
/// re-encoded, so its frames are sampled from the original.
public struct ClipReport: Sendable, Encodable {
    /// The source as probed.
    public var source: MediaInfo
    /// The payload that would be sent, and how it was made.
    public var prepared: PreparedClip
    /// The pre-check of the frames that are sent.
    public var preCheck: PreCheckReport

    /// Builds the report for the clip at `path`; writes nothing to disk.
    /// - Throws: `MediaError` (the file), `PrepareError` (the profile cannot be met),
    ///   `CascadeError` (the face detector's cascade file), `CancellationError`.
    public static func make(
        path: String,
        profile: Profile = .default,
        detector: FaceDetectorChoice = .cnn,
        limits: MediaLimits = .default
    ) async throws -> ClipReport {
        let check = try PreCheck(detector: detector, thresholds: PreCheckPipeline.thresholds(for: profile))
        let source = try await MediaProbe.probe(path: path, limits: limits)
        let windowDuration = min(source.durationSeconds, profile.preferredDuration ?? source.durationSeconds)

        let preferredStart = try await bestWindowStart(
            path: path, source: source, windowDuration: windowDuration, check: check, limits: limits)

        let windowStart = preferredStart ?? 0
        let analysisTimes = PreCheck.sampleTimes(duration: windowDuration).map { $0 + windowStart }
        let prepared = try await Preparer.prepare(
            path: path, profile: profile,
            options: PrepareOptions(preferredStart: preferredStart, limits: limits, analysisTimes: analysisTimes))
        var frames = prepared.analysisFrames
        if frames.isEmpty {
            let times = PreCheck.sampleTimes(duration: prepared.plan.windowDuration).map { $0 + prepared.plan.windowStart }
            frames = try await FrameSampler.sampleFrames(path: path, at: times, limits: limits)
        }
        let preCheck = PreCheckPipeline.evaluate(frames: frames, info: prepared.output, check: check)
        return ClipReport(source: source, prepared: prepared, preCheck: preCheck)
    }

    /// Where the face is best: the start of the `windowDuration`-second window whose sparsely
    /// sampled frames (seek + decode to each sample only) score highest; `nil` when the clip is
    /// no longer than the window, so there is nothing to choose. Ties go to the clip's start.
    public static func bestWindowStart(
        path: String, source: MediaInfo, windowDuration: Double, check: PreCheck, limits: MediaLimits = .default
    ) async throws -> Double? {
        guard source.durationSeconds > windowDuration + 0.5 else { return nil }
        let times = PreCheck.sampleTimes(duration: source.durationSeconds)
        let frames = try await FrameSampler.sampleFrames(path: path, at: times, limits: limits)
        let analysed = frames.map { check.analyse(GrayImage(width: $0.width, height: $0.height, pixels: $0.luma), time: $0.time) }
        return FaceWindow.bestStart(
            frames: analysed, windowDuration: windowDuration, clipDuration: source.durationSeconds,
            thresholds: check.thresholds)
    }
}
