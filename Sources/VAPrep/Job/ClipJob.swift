import Foundation
import VAPrepCheck
import VAPrepMedia

/// The one pipeline from a clip to its payload and verdict; every command and the library's
/// entry points run it, so for the same clip and profile they judge and send the same window.
///
/// ```swift
/// let job = ClipJob(path: "selfie.mov", profile: .huawei)          // search, encode, pre-check
/// let result = try await job.run()
/// print(result.plan.windowStart, result.preCheck?.verdict ?? .pass)
/// upload(result.prepared!.mp4)
/// ```
///
/// Read ``run(progress:)`` top to bottom:
/// 1. **Open** the clip once (``MediaSource``): the probe, the window search, the frame
///    samples and every encode attempt share that one open.
/// 2. **Window length** from ``WindowRule`` (the profile's preferred and maximum duration).
/// 3. **Window search** (``WindowSearch``, only for a clip longer than that window and no
///    explicit start): keyframes across the clip, faces scored, the best start chosen.
/// 4. **Plan** (``Plan/make(for:profile:start:duration:preferredStart:keepAudio:fileExtension:)``)
///    with that start: pass-through or transcode settings. From here on the plan's window is
///    the only window.
/// 4b. **Face weighting** (``FaceWeighting``, transcodes only, unless the profile turns it
///    off): the main face on keyframes across the window, tracked so every encoded frame
///    has a box.
/// 5. **Analysis times**: frame pairs spread over the plan's window.
/// 6. **Payload** (``Step/encode``): the transcode decodes the window once and hands the
///    frames at the analysis times to the pre-check; a pass-through sends the original bytes.
///    The output is probed from the bytes in memory.
/// 7. **Verdict** (``Step/preCheck``): the frames judged with limits from the profile
///    (``Plan/preCheckThresholds(for:base:)``), off Swift's cooperative pool.
public struct ClipJob: Sendable {
    /// What a job does beyond planning.
    public struct Step: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Choose the window where the face is best (long clips without an explicit start).
        public static let searchWindow = Step(rawValue: 1)
        /// Make the payload (pass-through or transcode within the budget).
        public static let encode = Step(rawValue: 2)
        /// Judge the window's frames (face, light, focus, live motion).
        public static let preCheck = Step(rawValue: 4)
        /// `vaprep FILE` and `vaprep submit`: everything.
        public static let all: Step = [.searchWindow, .encode, .preCheck]
    }

    /// Where a job reads its clip from.
    public enum Input: Sendable {
        /// A local file.
        case file(path: String)
        /// Bytes already in memory (an upload): opened through a read callback under the same
        /// rules as a file, never written anywhere.
        case memory(bytes: [UInt8])
    }

    /// The clip.
    public var input: Input
    /// The vendor's rules.
    public var profile: Profile
    /// The caller's choices (window, audio, limits, encode attempts).
    public var options: PrepareOptions
    /// What to do.
    public var steps: Step
    /// Face detector and limits for the search and the verdict; `nil` builds the default
    /// detector with ``Plan/preCheckThresholds(for:base:)`` of ``profile`` when a step needs one.
    public var check: PreCheck?
    /// Frame pairs judged by the pre-check.
    public var pairs: Int

    /// A job on the clip at `path`.
    public init(path: String, profile: Profile = .default, options: PrepareOptions = PrepareOptions(),
                steps: Step = .all, check: PreCheck? = nil, pairs: Int = PreCheck.standardPairCount) {
        self.init(input: .file(path: path), profile: profile, options: options, steps: steps, check: check, pairs: pairs)
    }

    /// A job on a clip held in memory (`.memory(bytes:)`) or in a file.
    ///
    /// ```swift
    /// let result = try await ClipJob(input: .memory(bytes: upload)).run()
    /// ```
    public init(input: Input, profile: Profile = .default, options: PrepareOptions = PrepareOptions(),
                steps: Step = .all, check: PreCheck? = nil, pairs: Int = PreCheck.standardPairCount) {
        self.input = input
        self.profile = profile
        self.options = options
        self.steps = steps
        self.check = check
        self.pairs = pairs
    }

    /// Runs the job.
    /// - Parameter progress: called with each step (keep it cheap).
    /// - Throws: `MediaError` (the file), ``PrepareError`` (the profile cannot be met),
    ///   `CascadeError` (the face detector's cascade), `CancellationError`.
    public func run(progress: (@Sendable (PrepareProgress) -> Void)? = nil) async throws -> ClipJobResult {
        do {
            return try await runSteps(report: progress ?? { _ in })
        } catch MediaError.cancelled {
            // One cancellation error for callers, whichever layer noticed first.
            throw CancellationError()
        }
    }

    private func runSteps(report: @escaping @Sendable (PrepareProgress) -> Void) async throws -> ClipJobResult {
        let began = ContinuousClock.now
        var check = self.check
        if check == nil, needsDetector {
            check = try PreCheck(thresholds: Plan.preCheckThresholds(for: profile))
        }

        // 1. One open for everything below.
        report(PrepareProgress(stage: .probing, fraction: 0))
        let source: MediaSource
        switch input {
        case .file(let path): source = try await MediaSource.open(path: path, limits: options.limits)
        case .memory(let bytes): source = try await MediaSource.open(bytes: bytes, limits: options.limits)
        }
        let clipSeconds = max(0, source.info.durationSeconds)
        report(PrepareProgress(stage: .probing, fraction: 1))
        try Task.checkCancellation()

        // 2–3. The window length by the plan's rule; where it starts, by the faces.
        let length = WindowRule.length(clipSeconds: clipSeconds, profile: profile, requested: options.duration)
        var search: WindowSearch?
        if steps.contains(.searchWindow), options.start == nil, let check,
           WindowRule.leavesChoice(windowSeconds: length, clipSeconds: clipSeconds) {
            report(PrepareProgress(stage: .searching, fraction: 0))
            search = try await WindowSearch.run(source: source, windowSeconds: length, check: check)
            report(PrepareProgress(stage: .searching, fraction: 1))
        }

        // 4. The plan: the one window decision.
        let preferredStart = search?.start ?? options.preferredStart
        var plan: Plan
        do {
            plan = try makePlan(source.info, profile: profile, preferredStart: preferredStart)
        } catch let error as PrepareError where !steps.contains(.encode) && Self.onlyAnEncodeMustMeet(error) {
            // Nothing is encoded, so nothing is refused: the same window without the limits
            // that only an encode must meet; the pre-check reports a short clip as `tooShort`.
            var judged = profile
            judged.durationRange?.min = nil
            (judged.maxValueBytes, judged.maxFileBytes) = (nil, nil)
            plan = try makePlan(source.info, profile: judged, preferredStart: preferredStart)
        }
        try Task.checkCancellation()

        // 4b. Face weighting: the face's track over the window, for the encoder.
        plan = try await faceWeighted(plan, source: source, search: search, check: check)
        try Task.checkCancellation()

        // 5. Frame pairs over the plan's window, and nowhere else.
        let sampling = steps.contains(.preCheck)
            ? PreCheckSampling(duration: plan.windowDuration, pairs: pairs).offset(by: plan.windowStart)
            : PreCheckSampling(duration: 0)
        let analysisTimes = sampling.times

        // 6. The payload; a transcode taps the analysis frames from its own decode.
        var prepared: PreparedClip?
        var frames: [AnalysisFrame] = []
        if steps.contains(.encode) {
            let clip = try await Preparer.make(
                source: source, plan: plan, options: options, analysisTimes: analysisTimes,
                keepMetadata: profile.keepMetadata, began: began, report: report)
            frames = clip.analysisFrames
            prepared = clip
        }

        // 7. The verdict on the window's frames.
        var preCheck: PreCheckReport?
        if steps.contains(.preCheck), let check {
            report(PrepareProgress(stage: .checking, fraction: 0))
            if frames.isEmpty {
                // A pass-through, or a check without an encode: the same frames the tap would
                // give (same decode, same conversion), sampled from the open source.
                frames = try await source.sampleFrames(at: analysisTimes)
            }
            let facts = prepared.map { PreCheckPipeline.clipFacts($0.output) } ?? plan.sentClipFacts(source: source.info)
            let judged = frames
            preCheck = try await BlockingWork.run { PreCheckPipeline.evaluate(frames: judged, pairs: sampling.pairs, facts: facts, check: check) }
            report(PrepareProgress(stage: .checking, fraction: 1))
        }
        report(PrepareProgress(stage: .done, fraction: 1, attempt: max(1, prepared?.attempts.count ?? 1)))
        return ClipJobResult(
            source: source.info, plan: prepared?.plan ?? plan, search: search, prepared: prepared, preCheck: preCheck,
            seconds: Preparer.seconds(since: began))
    }

    /// Whether a step looks at faces: the search, the verdict, or a face-weighted encode.
    private var needsDetector: Bool {
        !steps.isDisjoint(with: [.searchWindow, .preCheck]) || (steps.contains(.encode) && profile.faceWeighting)
    }

    /// Limits a clip must meet to be encoded, not to be judged (its length, the budget).
    private static func onlyAnEncodeMustMeet(_ error: PrepareError) -> Bool {
        switch error {
        case .clipTooShort, .budgetTooSmall: return true
        case .windowOutsideClip, .budgetNotMet, .invalidOption: return false
        }
    }

    private func makePlan(_ info: MediaInfo, profile: Profile, preferredStart: Double?) throws -> Plan {
        try Plan.make(
            for: info, profile: profile, start: options.start, duration: options.duration,
            preferredStart: preferredStart, keepAudio: options.keepAudio,
            fileExtension: fileExtension)
    }

    /// What the plan's container check reads: a file's extension; bytes in memory have none
    /// (the container is then named by what the probe found).
    private var fileExtension: String? {
        guard case .file(let path) = input else { return nil }
        return URL(fileURLWithPath: path).pathExtension
    }
}
