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
/// A ``ClipJob`` with every step: one open, the window where the face is best (chosen by
/// the plan's window rule), one decode of that window feeding both the encoder and the
/// pre-check. A pass-through clip is not re-encoded, so its frames are sampled from the
/// original (the same open).
public struct ClipReport: Sendable, Encodable {
    /// The source as probed.
    public var source: MediaInfo
    /// The payload that would be sent, and how it was made.
    public var prepared: PreparedClip
    /// The pre-check of the frames that are sent.
    public var preCheck: PreCheckReport
    /// How the window was chosen (`nil`: the clip fits the window, nothing to choose).
    public var windowSearch: WindowSearch?

    /// Builds the report for the clip at `path`; writes nothing to disk.
    /// - Throws: `MediaError` (the file), `PrepareError` (the profile cannot be met),
    ///   `CascadeError` (the face detector's cascade file), `CancellationError`.
    public static func make(
        path: String,
        profile: Profile = .default,
        detector: FaceDetectorChoice = .cnn,
        limits: MediaLimits = .default
    ) async throws -> ClipReport {
        let check = try PreCheck(detector: detector, thresholds: Plan.preCheckThresholds(for: profile))
        let job = ClipJob(path: path, profile: profile, options: PrepareOptions(limits: limits), steps: .all, check: check)
        return try ClipReport(try await job.run())
    }

    /// The report of a job that ran every step.
    public init(_ result: ClipJobResult) throws {
        guard let prepared = result.prepared, let preCheck = result.preCheck else {
            throw PrepareError.invalidOption("a clip report needs a job with the encode and pre-check steps")
        }
        self.init(source: result.source, prepared: prepared, preCheck: preCheck, windowSearch: result.search)
    }

    init(source: MediaInfo, prepared: PreparedClip, preCheck: PreCheckReport, windowSearch: WindowSearch?) {
        self.source = source
        self.prepared = prepared
        self.preCheck = preCheck
        self.windowSearch = windowSearch
    }
}
