/// Why a clip could not be prepared for a profile. Media problems (missing file, not a
/// video, hostile input) arrive as `MediaError` instead; cancellation as `CancellationError`.
public enum PrepareError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The clip (or what is left of it after `start`) is shorter than the profile accepts;
    /// transcoding cannot lengthen it.
    case clipTooShort(seconds: Double, minimum: Double)
    /// The requested start lies at or beyond the end of the clip.
    case windowOutsideClip(start: Double, clipSeconds: Double)
    /// Even the smallest acceptable output is over the budget. `neededBytes` (in the budget's
    /// unit) would fit the requested window; `fittingSeconds` is the longest window the given
    /// budget fits, if any.
    case budgetTooSmall(budgetBytes: Int, unit: PayloadBudget.Unit, neededBytes: Int, windowSeconds: Double,
                        minimumSize: String, fittingSeconds: Double?)
    /// Every re-encode allowed came out over the budget; nothing over budget is ever returned.
    case budgetNotMet(attempts: Int, smallestMP4Bytes: Int, maxMP4Bytes: Int)
    /// A bad option value (negative start, zero duration…).
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .clipTooShort(seconds, minimum):
            return "the clip has \(Self.seconds(seconds)) to send but the profile needs at least \(Self.seconds(minimum)); "
                + "record a longer clip or pick a profile without that minimum"
        case let .windowOutsideClip(start, clipSeconds):
            return "start \(Self.seconds(start)) is at or beyond the end of the \(Self.seconds(clipSeconds)) clip; "
                + "use a start below \(Self.seconds(clipSeconds))"
        case let .budgetTooSmall(budget, unit, needed, window, size, fitting):
            var text = "a budget of \(budget) bytes (\(unit.rawValue)) cannot hold a \(Self.seconds(window)) window "
                + "even at \(size); it needs at least \(needed) bytes: raise --max-bytes to \(needed)"
            if let fitting, fitting > 0 { text += " or shorten --duration to \(Self.seconds(fitting))" }
            return text
        case let .budgetNotMet(attempts, smallest, maxMP4):
            return "after \(attempts) encodes the smallest MP4 was \(smallest) bytes, over the \(maxMP4)-byte budget; "
                + "raise --max-bytes or shorten --duration"
        case let .invalidOption(message):
            return message
        }
    }

    private static func seconds(_ s: Double) -> String {
        let rounded = (s * 100).rounded() / 100
        return "\(rounded) s"
    }
}
