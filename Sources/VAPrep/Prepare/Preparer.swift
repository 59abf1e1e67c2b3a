import Foundation
import VAPrepMedia
import VAPrepPayload

/// Turns a selfie video into an MP4 whose `videoData` value fits the profile's budget.
///
/// ```swift
/// let clip = try await Preparer.prepare(path: "selfie.mov")          // juhe-videoauth
/// print(clip.passThrough, clip.payloadBytes, clip.output.video.codec)
/// ```
///
/// Steps (run by ``ClipJob``, which opens the clip once): probe → ``Plan`` → either the
/// original bytes (pass-through) or a transcode of the window → exact size check → re-encode
/// lower while over budget (bounded) → probe of the result. **The budget is a promise**: a clip over it is never returned; when nothing can
/// fit, ``PrepareError`` says what would. Cancelling the calling task stops the transcode at
/// the next frame and frees every FFmpeg resource.
public enum Preparer {
    /// Prepares the clip at `path`.
    /// - Parameter progress: called from the working task with each step (keep it cheap).
    /// - Throws: `MediaError` (the file), ``PrepareError`` (the profile cannot be met),
    ///   `CancellationError`.
    public static func prepare(
        path: String,
        profile: Profile = .default,
        options: PrepareOptions = PrepareOptions(),
        progress: (@Sendable (PrepareProgress) -> Void)? = nil
    ) async throws -> PreparedClip {
        let job = ClipJob(path: path, profile: profile, options: options, steps: [.encode])
        guard let prepared = try await job.run(progress: progress).prepared else {
            preconditionFailure("a job with the encode step returns a prepared clip")
        }
        return prepared
    }

    /// The payload of a planned job: the original bytes (pass-through) or the transcode of the
    /// plan's window, re-encoded lower while over budget, with the output probed from memory.
    /// `source` is the job's one open of the clip; `analysisTimes` are tapped from the decode;
    /// `keepMetadata` (the profile's) sends a pass-through clip's file as it is instead of the stripped remux.
    static func make(
        source: MediaSource, plan planned: Plan, options: PrepareOptions, analysisTimes: [Double], keepMetadata: Bool,
        began: ContinuousClock.Instant, report: @escaping @Sendable (PrepareProgress) -> Void
    ) async throws -> PreparedClip {
        var plan = planned
        let mp4: [UInt8]
        let output: MediaInfo
        var attempts: [EncodeAttempt] = []
        var analysisFrames: [AnalysisFrame] = []
        if plan.passThrough {
            report(PrepareProgress(stage: .reading, fraction: 0))
            // Pass-through sends the picture as it is, but by default not the rest of the
            // file: location, device, times and audio are dropped by a stream-copy remux.
            if keepMetadata {
                mp4 = try await BlockingWork.run { try source.originalBytes() }
                output = source.info
            } else {
                let stripped = try await BlockingWork.run { try MetadataStripper.strip(source: source) }
                mp4 = stripped.mp4
                output = stripped.info
            }
            // The file was probed a moment ago; if it changed since, do not trust the plan.
            if let budget = plan.budget, !budget.admits(mp4Bytes: mp4.count) {
                throw PrepareError.budgetNotMet(attempts: 0, smallestMP4Bytes: mp4.count, maxMP4Bytes: budget.maxMP4Bytes)
            }
            report(PrepareProgress(stage: .reading, fraction: 1))
        } else {
            guard var settings = plan.transcode else { preconditionFailure("a transcode plan carries settings") }
            settings.analysisTimes = analysisTimes
            if options.initialRateScale != 1, let rate = settings.maxRateBitsPerSecond {
                settings.maxRateBitsPerSecond = Int(Double(rate) * options.initialRateScale)
                settings.bufferSizeBits = settings.maxRateBitsPerSecond
                plan.transcode = settings
            }
            let encoded = try await encodeWithinBudget(
                source: source, budget: plan.budget, settings: settings, options: options,
                attempts: &attempts, report: report)
            mp4 = encoded.mp4
            analysisFrames = encoded.analysisFrames
            report(PrepareProgress(stage: .verifying, fraction: 0, attempt: attempts.count))
            output = try await MediaProbe.probe(bytes: mp4, limits: options.limits)
        }
        return PreparedClip(
            mp4: mp4, passThrough: plan.passThrough, plan: plan, attempts: attempts, mp4Bytes: mp4.count,
            payloadBytes: VideoData.valueLength(byteCount: mp4.count), budgetBytes: plan.budget?.limitBytes,
            output: output, seconds: seconds(since: began), analysisFrames: analysisFrames)
    }

    /// Starts a preparation in its own task, for callers that want a progress stream:
    ///
    /// ```swift
    /// let preparation = Preparer.start(path: "selfie.mov")
    /// for await step in preparation.progress { print(step.stage, step.fraction) }
    /// let clip = try await preparation.result
    /// ```
    public static func start(
        path: String, profile: Profile = .default, options: PrepareOptions = PrepareOptions()
    ) -> Preparation {
        Preparation(path: path, profile: profile, options: options)
    }

    /// Encodes, measures, and re-encodes lower while over budget.
    private static func encodeWithinBudget(
        source: MediaSource, budget: PayloadBudget?, settings first: TranscodeSettings,
        options: PrepareOptions, attempts: inout [EncodeAttempt], report: @escaping @Sendable (PrepareProgress) -> Void
    ) async throws -> TranscodeResult {
        var settings = first
        var smallest = Int.max
        for attempt in 1...max(1, options.maxAttempts) {
            try Task.checkCancellation()
            report(PrepareProgress(stage: .encoding, fraction: 0, attempt: attempt))
            let result = try await Transcoder.transcode(source: source, settings: settings) { fraction in
                report(PrepareProgress(stage: .encoding, fraction: fraction, attempt: attempt))
            }
            let bytes = result.mp4.count
            let fits = budget?.admits(mp4Bytes: bytes) ?? true
            attempts.append(EncodeAttempt(
                crf: settings.crf, outputWidth: settings.outputWidth, outputHeight: settings.outputHeight,
                maxRateBitsPerSecond: settings.maxRateBitsPerSecond, mp4Bytes: bytes, withinBudget: fits,
                faceWeightedFrames: result.weightedFrameCount))
            if fits { return result }
            smallest = min(smallest, bytes)
            guard let budget, attempt < options.maxAttempts else { break }
            settings = try BudgetTightening.next(
                after: settings, actualMP4Bytes: bytes, budget: budget, sourceFps: source.info.video.fps)
        }
        throw PrepareError.budgetNotMet(
            attempts: attempts.count, smallestMP4Bytes: smallest, maxMP4Bytes: budget?.maxMP4Bytes ?? 0)
    }

    /// The source's bytes, untouched. The size was checked against the budget by the plan,
    /// so this read is bounded; a file that grew since the probe is refused by the caller.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Prepares the clip at `path` for `profile` (the default: Juhe videoAuth). See ``Preparer``.
public func prepare(
    path: String, profile: Profile = .default, options: PrepareOptions = PrepareOptions()
) async throws -> PreparedClip {
    try await Preparer.prepare(path: path, profile: profile, options: options)
}
