import Foundation

/// Judges, before anyone pays for a vendor call, whether a selfie clip is likely to fail:
/// no usable face, bad light, blur, or no live (non-rigid) motion.
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
    public var detector: FaceDetector
    public var thresholds: PreCheckThresholds

    public init(detector: FaceDetector, thresholds: PreCheckThresholds = .standard) {
        self.detector = detector; self.thresholds = thresholds
    }

    /// Uses the cascade at `cascadePath` (default: OpenCV's LBP improved frontal-face cascade).
    public init(cascadePath: String = CascadeClassifier.defaultPath, thresholds: PreCheckThresholds = .standard) throws(CascadeError) {
        self.init(detector: try FaceDetector(cascadePath: cascadePath), thresholds: thresholds)
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
        let motions = ConcurrentResults<Double?>(count: sorted.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: max(0, sorted.count - 1)) { i in
            let gap = sorted[i + 1].time - sorted[i].time
            guard (0.2...0.8).contains(gap), let face = found[i].faces.first, !found[i + 1].faces.isEmpty else { return }
            motions.set(i, NonRigidMotion.measure(from: sorted[i].image, to: sorted[i + 1].image, face: face))
        }
        var reports = found
        for (i, m) in motions.values.enumerated() { reports[i].motion = m }
        let reasons = PreCheckRules(thresholds: thresholds).reasons(frames: reports, clip: clip)
        let verdict = reasons.map(\.severity).max() ?? .pass
        return PreCheckReport(verdict: verdict, reasons: reasons, frames: reports, seconds: Date().timeIntervalSince(start))
    }

    /// Faces and face metrics of one frame (motion is filled in by ``evaluate(frames:clip:)``).
    public func analyse(_ image: GrayImage, time: Double) -> PreCheckReport.Frame {
        let shortSide = min(image.width, image.height)
        let minFace = max(detector.cascade.windowWidth, Int(Double(shortSide) * thresholds.detectMinFaceFraction))
        let faces = detector.detect(in: image, options: .init(minSize: minFace))
        var frame = PreCheckReport.Frame(time: time, faces: faces, faceLuma: nil, sharpness: nil, motion: nil,
                                         width: image.width, height: image.height)
        if let face = faces.first {
            let exposure = Exposure(of: image, in: face)
            frame.faceLuma = exposure.mean
            frame.faceDarkFraction = exposure.darkFraction
            frame.faceBrightFraction = exposure.brightFraction
            frame.sharpness = Sharpness.measure(image, in: face)
        }
        return frame
    }
}
