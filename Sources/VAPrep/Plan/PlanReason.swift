/// One rule of the profile that the source clip breaks, and so one reason it is transcoded
/// rather than passed through.
public struct PlanReason: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable code: `container`, `codec`, `pixelFormat`, `colour`, `rotation`,
    /// `fps`, `duration`, `window`, `budget`.
    public var code: String
    /// What was found and what the profile asks for, for a person.
    public var detail: String

    public init(_ code: String, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
