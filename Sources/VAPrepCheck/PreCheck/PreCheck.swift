import Foundation

/// Judges, before anyone pays for a vendor call, whether a selfie clip is likely to fail:
/// no usable face, bad light, blur, or no live (non-rigid) motion. Faces are found by the CNN
/// (``BlazeFaceDetector``) unless a cascade is chosen (``FaceDetectorChoice``).
///
/// Feed it frames sampled in pairs about 0.4 s apart (``sampleTimes(duration:pairs:gap:)``) as
/// greyscale pictures with rotation applied, plus the clip's facts:
/// ```swift
/// let check = try PreCheck()
/// let frames = times.map { t in (time: t, image: lumaFrame(at: t)) }
/// let report = check.evaluate(frames: frames, clip: ClipFacts(durationSeconds: 6, fps: 30, width: 720, height: 1280))
/// print(report.verdict, report.reasons.map(\.code))
/// ```
/// This is a pre-check of capture quality, not a liveness model (see ``PreCheckReport/disclaimer``).
public struct PreCheck: Sendable {
    /// Finds the faces of each frame (the CNN by default; the cascade stays selectable).
    public var detector: any FaceDetecting
    public var thresholds: PreCheckThresholds

    public init(detector: any FaceDetecting, thresholds: PreCheckThresholds = .standard) {
        self.detector = detector; self.thresholds = thresholds
    }

    /// Uses the chosen detector: the CNN unless told otherwise.
    public init(detector choice: FaceDetectorChoice = .cnn, thresholds: PreCheckThresholds = .standard) throws(CascadeError) {
        self.init(detector: try choice.makeDetector(), thresholds: thresholds)
    }

    /// Uses the cascade at `cascadePath` (OpenCV's LBP improved frontal-face cascade by default) instead of the CNN.
    public init(cascadePath: String, thresholds: PreCheckThresholds = .standard) throws(CascadeError) {
        try self.init(detector: .cascade(path: cascadePath), thresholds: thresholds)
    }

    /// Frame pairs sampled per clip: ≥ 5 motion measurements even if a frame or two show no face.
    public static let standardPairCount = 6
    /// Seconds between the two frames of a pair: long enough for a blink or a word, short
    /// enough that the head stays put.
    public static let pairGapSeconds = 0.4

    /// Sample times for a clip: `pairs` pairs (t, t + gap) spread evenly, so motion is measured
    /// over `gap` seconds.
    public static func sampleTimes(duration: Double, pairs: Int = standardPairCount,
                                   gap: Double = pairGapSeconds) -> [Double] {
        guard duration > 0, pairs > 0 else { return [] }
        let usable = max(0, duration - gap - 0.05)
        return (0..<pairs).flatMap { i -> [Double] in
            let t = usable * (Double(i) + 0.5) / Double(pairs)
            return t + gap < duration ? [t, t + gap] : [t]
        }
    }

    /// Two frames this far apart (seconds) form a motion pair.
    static let pairGaps = 0.2...0.8

    /// Detects the faces of every frame, measures them and returns the verdict with its reasons.
    public func evaluate(frames: [(time: Double, image: GrayImage)], clip: ClipFacts) -> PreCheckReport {
        let start = Date()
        let sorted = frames.sorted { $0.time < $1.time }
        // Frames are independent: analyse them on all cores (detection dominates the cost).
        let analysed = ConcurrentResults<PreCheckReport.Frame?>(count: sorted.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: sorted.count) { i in
            analysed.set(i, analyse(sorted[i].image, time: sorted[i].time))
        }
        let found = analysed.values.map { $0! }
        // Motion between frames of a pair (0.2–0.8 s apart), measured on the first frame's face.
        let motions = ConcurrentResults<NonRigidMotion.Measurement?>(count: sorted.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: max(0, sorted.count - 1)) { i in
            guard Self.pairGaps.contains(sorted[i + 1].time - sorted[i].time), let face = found[i].faces.first, !found[i + 1].faces.isEmpty else { return }
            motions.set(i, NonRigidMotion.measurement(from: sorted[i].image, to: sorted[i + 1].image, face: face.measuredRegion))
        }
        var reports = found
        for i in 0..<max(0, sorted.count - 1) where Self.pairGaps.contains(sorted[i + 1].time - sorted[i].time) {
            reports[i].motion = motions.values[i]?.score
            reports[i].motionNoise = motions.values[i]?.noise
            reports[i].landmarkMotion = LandmarkMotion.measure(from: found[i].faces.first?.landmarks,
                                                               to: found[i + 1].faces.first?.landmarks)
        }
        let reasons = PreCheckRules(thresholds: thresholds).reasons(frames: reports, clip: clip)
        let verdict = reasons.map(\.severity).max() ?? .pass
        return PreCheckReport(verdict: verdict, reasons: reasons, frames: reports, seconds: Date().timeIntervalSince(start))
    }

    /// Faces and face metrics of one frame (motion is filled in by ``evaluate(frames:clip:)``).
    public func analyse(_ image: GrayImage, time: Double) -> PreCheckReport.Frame {
        let shortSide = min(image.width, image.height)
        let faces = detector.faces(in: image, minFaceSide: Int(Double(shortSide) * thresholds.detectMinFaceFraction))
        var frame = PreCheckReport.Frame(time: time, faces: faces, faceLuma: nil, sharpness: nil, motion: nil,
                                         width: image.width, height: image.height)
        if let face = faces.first?.measuredRegion {
            let exposure = Exposure(of: image, in: face)
            frame.faceLuma = exposure.mean
            frame.faceDarkFraction = exposure.darkFraction
            frame.faceBrightFraction = exposure.brightFraction
            frame.surroundLuma = Exposure.surroundingMean(of: image, around: face)
            frame.sharpness = Sharpness.measure(image, in: face)
        }
        return frame
    }
}
