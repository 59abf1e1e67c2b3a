/// How often and how patiently ``VideoAuthClient`` retries the failures that are safe to
/// retry: rate limits (10011/10012/10013), maintenance (10020) and transport failures that
/// happened before the request body was completely handed to the connection.
///
/// Anything that may have been charged (10014, 2546134, a dropped connection after the body
/// was sent, an unreadable answer) is never retried automatically: a second paid call could
/// charge twice.
///
/// The delay before attempt *n + 1* is a random value in `0 ... min(maxDelay, baseDelay · 2^(n-1))`
/// ("full jitter"), so many clients that were rate-limited together do not return together.
/// The client never sleeps past its total deadline.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The upper bound of the delay after failed attempt `attempt` (1-based).
    public func delayCap(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let grown = baseDelay * (1 << exponent)
        return grown < maxDelay ? grown : maxDelay
    }

    /// A jittered delay in `0 ... delayCap(afterAttempt:)`.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let cap = delayCap(afterAttempt: attempt)
        let capNanos = cap.components.seconds * 1_000_000_000 + cap.components.attoseconds / 1_000_000_000
        guard capNanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...capNanos, using: &generator))
    }
}
