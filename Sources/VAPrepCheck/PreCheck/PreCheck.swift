import Foundation

/// Judges, before anyone pays for a vendor call, whether a selfie clip is likely to fail:
/// no usable face, bad light, blur, or no live (non-rigid) motion. Faces are found by the CNN
/// (``BlazeFaceDetector``) unless a cascade is chosen (``FaceDetectorChoice``).
///
/// Feed it the frames of a ``PreCheckSampling`` (pairs of frames 0.25 s and 0.4 s apart) as
/// greyscale pictures with rotation applied, plus the clip's facts:
/// ```swift
/// let check = try PreCheck()
/// let sampling = PreCheckSampling(duration: 6)
/// let frames = sampling.times.map { t in (time: t, image: lumaFrame(at: t)) }
/// let report = check.evaluate(frames: frames, pairs: sampling.pairs,
///                             clip: ClipFacts(durationSeconds: 6, fps: 30, width: 720, height: 1280))
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

    /// Frame pairs sampled per clip. The median over pairs is the clip's motion, and with few
    /// pairs it depends on where they fall: six pairs evenly spaced can all land on the same phase
    /// of a steady speech rhythm. On the calibration corpus, over 40 placements of the pairs, twelve
    /// keep the live/replay margin at 2.2× or more; with six, one placement takes a calm speaker's
    /// score to 0.02 and the margin to 0.3× (docs/calibration.md).
    public static let standardPairCount = 12
    /// Seconds from a pair's first frame to its later frames: long enough for a blink or a word,
    /// short enough that the head stays put, and two of them so that no steady rhythm can hide
    /// (see ``PreCheckSampling``).
    public static let pairGaps: [Double] = [0.25, 0.4]

    /// Frames this far apart (seconds) pair up when no pairs are given (``evaluate(frames:clip:)``).
    static let consecutivePairGaps = 0.2...0.8

    /// Detects the faces of every frame, measures them and returns the verdict with its reasons.
    /// Each frame pairs with the next when they are 0.2–0.8 s apart: for frames sampled some other
    /// way than ``PreCheckSampling`` (evenly, say).
    public func evaluate(frames: [(time: Double, image: GrayImage)], clip: ClipFacts) -> PreCheckReport {
        let order = Self.timeOrder(frames)
        let pairs = zip(order, order.dropFirst()).compactMap { a, b in
            Self.consecutivePairGaps.contains(frames[b].time - frames[a].time) ? [a, b] : nil
        }
        return evaluate(frames: frames, pairs: pairs, clip: clip)
    }

    /// For each frame, the index of the first frame with the same time and the same picture
    /// (its own index when there is none before it).
    private static func firstOccurrences(_ frames: [(time: Double, image: GrayImage)]) -> [Int] {
        frames.indices.map { i in
            frames.indices.first { frames[$0].time == frames[i].time && frames[$0].image == frames[i].image } ?? i
        }
    }

    /// Indices of `frames` in time order.
    private static func timeOrder(_ frames: [(time: Double, image: GrayImage)]) -> [Int] {
        frames.indices.sorted { frames[$0].time < frames[$1].time }
    }

    /// Detects the faces of every frame, measures the motion of each pair (indices into `frames`,
    /// first frame first, as ``PreCheckSampling/pairs``) and returns the verdict with its reasons.
    /// A pair's motion is the largest measured from its first frame towards a later one that also
    /// shows a face; indices outside `frames` (a frame that could not be sampled) are skipped.
    public func evaluate(frames: [(time: Double, image: GrayImage)], pairs: [[Int]], clip: ClipFacts) -> PreCheckReport {
        let start = Date()
        // Frames are independent: analyse them on all cores (detection dominates the cost). A
        // pair's later frame is often the next pair's first — the same picture — analysed once.
        let original = Self.firstOccurrences(frames)
        let distinct = frames.indices.filter { original[$0] == $0 }
        let analysed = ConcurrentResults<PreCheckReport.Frame?>(count: frames.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: distinct.count) { k in
            let i = distinct[k]
            analysed.set(i, analyse(frames[i].image, time: frames[i].time))
        }
        let results = analysed.values
        var reports = frames.indices.map { results[original[$0]]! }
        // Each pair's steps (first frame → a later one), measured on the first frame's face.
        let steps = pairs.flatMap { pair -> [(from: Int, to: Int)] in
            guard let first = pair.first, frames.indices.contains(first) else { return [] }
            return pair.dropFirst().filter { frames.indices.contains($0) }.map { (first, $0) }
        }
        let found = reports
        let motions = ConcurrentResults<NonRigidMotion.Measurement?>(count: steps.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: steps.count) { k in
            let (a, b) = steps[k]
            guard let face = found[a].faces.first, !found[b].faces.isEmpty else { return }
            motions.set(k, NonRigidMotion.measurement(from: frames[a].image, to: frames[b].image, face: face.measuredRegion))
        }
        let measured = motions.values
        for (k, step) in steps.enumerated() {
            let landmarks = LandmarkMotion.measure(from: found[step.from].faces.first?.landmarks,
                                                   to: found[step.to].faces.first?.landmarks)
            if let landmarks { reports[step.from].landmarkMotion = max(reports[step.from].landmarkMotion ?? 0, landmarks) }
            guard let motion = measured[k], motion.score >= reports[step.from].motion ?? -1 else { continue }
            reports[step.from].motion = motion.score
            reports[step.from].motionNoise = motion.noise
        }
        reports = Self.timeOrder(frames).map { reports[$0] }
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
