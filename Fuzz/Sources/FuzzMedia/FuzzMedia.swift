import CLibFuzzer
import Dispatch
import VAPrep
import VAPrepMedia

/// libFuzzer entry: any bytes as an uploaded clip held in memory, through what a service
/// does with one: ``MediaSource/open(bytes:limits:)`` under the default ``MediaLimits`` (the
/// same safe-open rules as a path: container whitelist, no protocol and no nested open,
/// deadlines), which probes it; a decode of its first frames; and ``Plan/make(for:profile:start:duration:preferredStart:keepAudio:fileExtension:)``
/// for every built-in profile.
///
/// A thrown `MediaError` or `PrepareError` is a correct answer; a trap, a sanitizer report, a
/// hang (libFuzzer's `-timeout`), a memory blow-up (`-rss_limit_mb`) or a plan that breaks
/// its own invariants (``checkInvariants(_:of:)``) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMedia(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    blockOn { try? await exercise(bytes: bytes) }
    return 0
}

/// The pipeline's first steps on one clip; stops at the first typed error of the media layer.
private func exercise(bytes: [UInt8]) async throws {
    let source = try await MediaSource.open(bytes: bytes)
    let times = [0, 0.04, 0.5].filter { $0 < max(source.info.durationSeconds, 0.04) }
    _ = try await source.sampleFrames(at: times, shortSide: 48)
    for profile in Profile.builtIn {
        // A clip too short or a budget too small for the profile is a typed refusal.
        guard let plan = try? Plan.make(for: source.info, profile: profile) else { continue }
        checkInvariants(plan, of: source.info)
    }
}

/// What every plan promises whatever the clip: a window inside it, and settings the
/// transcoder and the re-probe of its output accept.
private func checkInvariants(_ plan: Plan, of info: MediaInfo) {
    precondition(plan.windowStart.isFinite && plan.windowStart >= 0, "window start \(plan.windowStart)")
    precondition(plan.windowDuration.isFinite && plan.windowDuration >= 0, "window length \(plan.windowDuration)")
    precondition(plan.passThrough == (plan.transcode == nil) && plan.passThrough == plan.reasons.isEmpty, "\(plan)")
    guard let settings = plan.transcode else { return }
    precondition(settings.outputWidth > 0 && settings.outputHeight > 0
        && settings.outputWidth % 2 == 0 && settings.outputHeight % 2 == 0, "output \(settings.outputWidth)x\(settings.outputHeight)")
    // An output above the probe's frame-rate bound would be refused as corrupt when re-probed.
    precondition(settings.maxFps.map { $0 > 0 && $0 <= VideoStreamInfo.maxFramesPerSecond } ?? false, "maxFps \(String(describing: settings.maxFps))")
    precondition((settings.maxRateBitsPerSecond ?? 1) > 0, "rate \(String(describing: settings.maxRateBitsPerSecond))")
}

/// Runs `body` to completion from libFuzzer's synchronous callback. The callback runs on
/// libFuzzer's own thread, never on the cooperative pool, so waiting here cannot starve it.
private func blockOn(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}
