import VAPrepMedia
import VAPrepPayload

/// What ``Preparer`` will do with a clip, decided from its `MediaInfo` and a ``Profile``
/// before a single frame is decoded.
///
/// Either the clip already complies and its video is sent as it is (``passThrough``: the fastest path
/// and the best quality), or it is transcoded with ``transcode`` settings: a window, a
/// displayed output size, an fps cap, a quality target and a bit cap derived from the budget.
/// A plan is a plain value: print it (`vaprep prepare --json`), assert on it in a test.
///
/// ```swift
/// let info = try await MediaProbe.probe(path: "selfie.mov")
/// let plan = try Plan.make(for: info, profile: .juheVideoAuth)
/// if plan.passThrough { print("sent as is") } else { print(plan.reasons) }
/// ```
public struct Plan: Codable, Sendable, Equatable {
    /// The profile's name.
    public var profile: String
    /// `true`: the original video stream is sent without re-encoding (metadata stripped unless the profile keeps it).
    public var passThrough: Bool
    /// The profile rules the source breaks (empty exactly when ``passThrough``).
    public var reasons: [PlanReason]
    /// The window sent, in seconds of the source.
    public var windowStart: Double
    public var windowDuration: Double
    /// The size promise, `nil` when the profile has no size limit.
    public var budget: PayloadBudget?
    /// For a pass-through, the exact `videoData` value length it will send.
    public var passThroughPayloadBytes: Int?
    /// How to transcode (`nil` for a pass-through). The displayed output size, fps cap, CRF
    /// and VBV cap of the first attempt; ``Preparer`` lowers the cap if that attempt overshoots.
    public var transcode: TranscodeSettings?
    /// Things worth knowing that do not change the decision (audio kept by a pass-through,
    /// a frame rate below the vendor's minimum that dropping frames cannot fix…).
    public var notes: [String]

    /// The smallest displayed long side a plan will shrink to when the budget is tight: below
    /// it a face at arm's length is too few pixels for the vendor's detector.
    public static let minimumSide = 320

    /// Decides how to prepare a clip.
    ///
    /// - Parameters:
    ///   - info: the probed source.
    ///   - profile: the vendor's rules.
    ///   - start: the window start the user asked for (seconds); `nil` lets the plan choose.
    ///   - duration: the window length the user asked for; `nil` uses the profile's preferred
    ///     duration, or the whole clip.
    ///   - preferredStart: a start suggested by an analysis (e.g. where the face is best);
    ///     used when `start` is `nil`, moved earlier if the window would run past the end.
    ///   - keepAudio: keep an AAC track in a transcode (counted against the budget).
    ///   - fileExtension: the source's extension, to tell MOV from MP4 (FFmpeg reads both with
    ///     one demuxer and reports the same format name).
    /// - Throws: ``PrepareError`` when no output can satisfy the profile.
    public static func make(
        for info: MediaInfo,
        profile: Profile,
        start: Double? = nil,
        duration: Double? = nil,
        preferredStart: Double? = nil,
        keepAudio: Bool = false,
        fileExtension: String? = nil
    ) throws(PrepareError) -> Plan {
        let video = info.video
        let clip = max(0, info.durationSeconds)
        let frameTime = video.fps > 0 ? 1 / video.fps : 1.0 / 30
        // One frame of slack: containers round durations, and a 5.02 s recording is a 5 s clip.
        let tolerance = max(frameTime, 0.05)
        var notes: [String] = []

        // Window.
        if let start, !(start >= 0) { throw .invalidOption("--start must be 0 or more, got \(start)") }
        if let duration, !(duration > 0) { throw .invalidOption("--duration must be positive, got \(duration)") }
        let requestedStart = start ?? 0
        if requestedStart >= clip - frameTime / 2 && requestedStart > 0 {
            throw .windowOutsideClip(start: requestedStart, clipSeconds: clip)
        }
        var length = WindowRule.length(clipSeconds: clip, profile: profile, requested: duration)
        if let maxDuration = WindowRule.shortened(clipSeconds: clip, profile: profile, requested: duration) {
            notes.append("window shortened to the profile's maximum of \(maxDuration) s")
        }
        var windowStart = requestedStart
        if start == nil, let preferredStart {
            windowStart = min(max(0, preferredStart), max(0, clip - length))
        }
        length = min(length, clip - windowStart)
        if let minDuration = profile.durationRange?.min, length < minDuration - tolerance {
            throw .clipTooShort(seconds: length, minimum: minDuration)
        }
        let wholeClip = windowStart <= tolerance && windowStart + length >= clip - tolerance

        // Pass-through rules, each a reason when broken.
        var reasons: [PlanReason] = []
        let container = ContainerName.of(format: info.format, fileExtension: fileExtension)
        if !profile.containers.contains(container) {
            reasons.append(PlanReason("container", "\(container) is not one of \(profile.containers.joined(separator: ", "))"))
        }
        if !profile.videoCodecs.contains(video.codec.lowercased()) {
            reasons.append(PlanReason("codec", "\(video.codec) is not one of \(profile.videoCodecs.joined(separator: ", "))"))
        }
        if video.bitDepth != 8 || video.chromaSubsampling != "4:2:0" {
            reasons.append(PlanReason("pixelFormat", "\(video.pixelFormat) (\(video.bitDepth)-bit \(video.chromaSubsampling)) is not 8-bit 4:2:0"))
        }
        if video.hdr {
            reasons.append(PlanReason("colour", "HDR (\(video.colorTransfer ?? "?")) would look washed out on an SDR backend"))
        }
        if video.rotation != 0 || video.flipped {
            reasons.append(PlanReason("rotation", "stored picture must be rotated \(video.rotation)°\(video.flipped ? " and flipped" : "") for display; backends may ignore the matrix"))
        }
        let fpsCap = profile.fpsRange?.max
        if let fpsCap, video.fps > fpsCap + 0.01 {
            reasons.append(PlanReason("fps", "\(rounded(video.fps)) fps is above the \(rounded(fpsCap)) fps maximum"))
        }
        if let fpsMin = profile.fpsRange?.min, video.fps < fpsMin - 0.01 {
            notes.append("\(rounded(video.fps)) fps is below the profile's \(rounded(fpsMin)) fps minimum; dropping frames cannot fix that")
        }
        if !wholeClip {
            if start != nil || duration != nil || preferredStart != nil {
                reasons.append(PlanReason("window", "sending \(rounded(windowStart))–\(rounded(windowStart + length)) s of a \(rounded(clip)) s clip"))
            } else {
                reasons.append(PlanReason("duration", "\(rounded(clip)) s is longer than the \(rounded(length)) s window the profile sends"))
            }
        }
        let budget = PayloadBudget(profile: profile)
        if let budget, !budget.admits(mp4Bytes: Int(info.sizeBytes)) {
            reasons.append(PlanReason("budget", "\(info.sizeBytes) bytes of MP4 exceed the \(budget.maxMP4Bytes)-byte budget (\(budget.limitBytes) bytes of \(budget.unit.rawValue))"))
        }

        if reasons.isEmpty {
            if !info.audio.isEmpty { notes.append("a pass-through keeps the clip's audio track") }
            return Plan(
                profile: profile.name, passThrough: true, reasons: [], windowStart: 0, windowDuration: clip,
                budget: budget, passThroughPayloadBytes: VideoData.valueLength(byteCount: Int(info.sizeBytes)),
                transcode: nil, notes: notes)
        }

        // Transcode: size, fps and the bit cap of the first attempt.
        let outputFps = min(video.fps > 0 ? video.fps : 30, fpsCap ?? .infinity)
        var size = OutputSize.fitting(width: video.displayWidth, height: video.displayHeight, maxSide: profile.maxSide)
        var maxRate: Int?
        if let budget {
            let videoBytes = RateCap.videoBytes(mp4Bytes: budget.maxMP4Bytes, seconds: length, fps: outputFps, keepAudio: keepAudio)
            let rate = RateCap.maxRate(videoBytes: videoBytes, seconds: length)
            // Shrink the picture until the cap buys at least the minimum quality per pixel.
            let smallest = minimumSize(of: size)
            while Double(rate) < RateCap.minimumRate(size: size, fps: outputFps), size.longSide > smallest.longSide {
                let next = size.scaled(by: 0.85)
                size = next.longSide < smallest.longSide ? smallest : next
            }
            if Double(rate) < RateCap.minimumRate(size: size, fps: outputFps) {
                throw budgetTooSmall(budget: budget, size: size, seconds: length, fps: outputFps, keepAudio: keepAudio)
            }
            if size != OutputSize.fitting(width: video.displayWidth, height: video.displayHeight, maxSide: profile.maxSide) {
                notes.append("picture reduced to \(size) so the budget still buys a clean image")
            }
            maxRate = rate
        }
        // Never above the probe's bound, whatever the profile allows: a stream whose frames
        // come faster than its header says (an MPEG-TS at 2000 fps declares no average rate)
        // would otherwise become an MP4 that vaprep's own probe refuses as corrupt.
        let maxFps = min(fpsCap.flatMap { video.fps > $0 + 0.01 ? $0 : nil } ?? .infinity,
                         VideoStreamInfo.maxFramesPerSecond)
        let settings = PlanSettings.make(
            start: windowStart, duration: length, size: size, maxFps: maxFps, crf: profile.crf,
            maxRate: maxRate, keepAudio: keepAudio)
        return Plan(
            profile: profile.name, passThrough: false, reasons: reasons, windowStart: windowStart,
            windowDuration: length, budget: budget, passThroughPayloadBytes: nil, transcode: settings, notes: notes)
    }

    /// The smallest output a tight budget may shrink `size` to (never above `size` itself).
    static func minimumSize(of size: OutputSize) -> OutputSize {
        guard size.longSide > minimumSide else { return size }
        return size.scaled(by: Double(minimumSide) / Double(size.longSide))
    }

    static func budgetTooSmall(budget: PayloadBudget, size: OutputSize, seconds: Double, fps: Double, keepAudio: Bool) -> PrepareError {
        let neededMP4 = RateCap.minimumMP4Bytes(size: size, seconds: seconds, fps: fps, keepAudio: keepAudio)
        let needed = budget.unit == .videoData ? VideoData.valueLength(byteCount: neededMP4) : neededMP4
        let fitting = RateCap.longestFittingWindow(mp4Bytes: budget.maxMP4Bytes, size: size, fps: fps, keepAudio: keepAudio)
        return .budgetTooSmall(
            budgetBytes: budget.limitBytes, unit: budget.unit, neededBytes: needed, windowSeconds: seconds,
            minimumSize: "\(size) at \(rounded(fps)) fps", fittingSeconds: fitting)
    }
}

private func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
