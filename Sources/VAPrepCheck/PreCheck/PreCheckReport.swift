/// The outcome of a pre-check: a verdict, the reasons with the measured value and the limit, and
/// what was measured on each sampled frame. Encodes to the JSON `vaprep check --json` prints.
public struct PreCheckReport: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable, Comparable {
        case pass, warn, fail
        public static func < (a: Verdict, b: Verdict) -> Bool {
            let order: [Verdict] = [.pass, .warn, .fail]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// Why a clip is likely to fail (or be weak) at the vendor.
    public enum ReasonCode: String, Sendable, Codable, CaseIterable {
        case noFace, multipleFaces, faceTooSmall, faceOffCenter, tooDark, tooBright, blurry, noMotion
        case tooShort, tooLong, fpsOutOfRange, lowResolution
        /// The face is much darker than the picture around it: a window or lamp behind the person.
        case backlit
        /// The face is present, but too few frame pairs show it in both frames for its motion to
        /// be judged (a warning: the clip is neither cleared nor failed as a replay).
        case motionUnmeasured
    }

    public struct Reason: Sendable, Codable, Equatable {
        public var code: ReasonCode
        /// `warn` or `fail`.
        public var severity: Verdict
        /// The measured value (units as in ``PreCheckThresholds``).
        public var value: Double
        /// The limit it crossed.
        public var threshold: Double
        /// One sentence for the person at the terminal.
        public var message: String
    }

    /// What was measured on one sampled frame.
    public struct Frame: Sendable, Codable, Equatable {
        /// Seconds from the clip start.
        public var time: Double
        /// Faces found, largest (the main face) first, in analysis-frame pixels.
        public var faces: [FaceBox]
        /// Mean luma of the main face (nil without a face).
        public var faceLuma: Double?
        /// Normalised Laplacian variance of the main face.
        public var sharpness: Double?
        /// Non-rigid motion of the main face towards the later frames of the pair this frame starts,
        /// the larger of the two (pixels per 100 px of face); nil on a pair's later frames.
        public var motion: Double?
        /// Width and height of the analysis frame the boxes refer to.
        public var width: Int
        public var height: Int
        /// Share of the main face's pixels clipped to black (≤ 16) and to white (≥ 235).
        public var faceDarkFraction: Double? = nil
        public var faceBrightFraction: Double? = nil
        /// Mean luma of the picture around the main face (a band of half a face width around its
        /// box, the box itself left out): what ``PreCheckReport/ReasonCode/backlit`` compares the face with.
        public var surroundLuma: Double? = nil
        /// Noise level (grey levels) on the main face that the motion measure discounted (see ``NonRigidMotion``).
        public var motionNoise: Double? = nil
        /// Change of the main face's keypoint geometry towards the later frames of its pair, the
        /// larger (percent, see ``LandmarkMotion``); nil without keypoints (the cascade gives none).
        public var landmarkMotion: Double? = nil
    }

    public var verdict: Verdict
    public var reasons: [Reason]
    public var frames: [Frame]
    /// Wall-clock seconds the analysis took.
    public var seconds: Double
    /// Always says what this is and is not.
    public var note: String = PreCheckReport.disclaimer

    public static let disclaimer = "This is a pre-check of capture quality (face present, light, focus, motion), not a liveness model: a pass does not mean the vendor will accept the clip, and a fail means it probably will not."

    public init(verdict: Verdict, reasons: [Reason], frames: [Frame], seconds: Double) {
        self.verdict = verdict; self.reasons = reasons; self.frames = frames; self.seconds = seconds
    }
}
