/// Why a profile could not be found, loaded or used.
public enum ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No built-in profile has this name.
    case unknownName(String, known: [String])
    /// The profile file could not be read.
    case unreadable(path: String, reason: String)
    /// The profile file is not valid profile JSON; `reason` names the key or position.
    case invalidJSON(path: String, reason: String)
    /// A value makes no sense (a negative size, a range whose min exceeds its max…).
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownName(name, known):
            return "unknown profile '\(name)'; built-in profiles: \(known.joined(separator: ", "))"
        case let .unreadable(path, reason):
            return "cannot read profile file \(path): \(reason)"
        case let .invalidJSON(path, reason):
            return "profile file \(path) is not valid profile JSON: \(reason) "
                + "(expected an object with at least \"name\"; see `vaprep prepare --help`)"
        case let .invalidValue(field, reason):
            return "profile field '\(field)' \(reason)"
        }
    }
}
