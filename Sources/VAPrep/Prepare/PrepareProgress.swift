/// One step of a preparation, for a progress bar.
public struct PrepareProgress: Sendable, Equatable {
    public enum Stage: String, Sendable, Codable {
        /// Opening and probing the source.
        case probing
        /// Looking for the window where the face is best (a long clip, no `start` given).
        case searching
        /// Reading the original bytes of a pass-through.
        case reading
        /// Transcoding; ``PrepareProgress/attempt`` counts budget retries from 1.
        case encoding
        /// Probing the encoded result.
        case verifying
        /// Judging the frames of the window (face, light, focus, motion).
        case checking
        /// Finished.
        case done
    }

    public var stage: Stage
    /// Progress through this stage, 0...1.
    public var fraction: Double
    /// The encode attempt (1 for the first; more when the budget forced a re-encode).
    public var attempt: Int

    public init(stage: Stage, fraction: Double, attempt: Int = 1) {
        self.stage = stage
        self.fraction = fraction
        self.attempt = attempt
    }
}
