/// How often and how patiently ``VideoAuthClient`` retries the failures that cannot have
/// been charged.
///
/// | what happened | retried? |
/// |---|---|
/// | connect failure, reset or HTTP status before the last body byte was handed over | yes, with backoff |
/// | anything after the last body byte: any HTTP status but 200 (429 and 503 too), reset, timeout, unreadable or oversized answer | never: ``VideoAuthError/Classification/outcomeUnknown`` |
/// | vendor 10014 / 2546134 (may have been / was charged) | never |
/// | vendor key, account and permission errors (10001…10009, 10021), 2546135, undocumented codes | never (retrying cannot help) |
/// | vendor 10011/10012/10013 (rate limits), 10020 (maintenance) | only with ``retriesVendorRefusals`` |
///
/// The vendor's document does not say that rate-limit and maintenance answers are free, only
/// that they refuse the call; so by default they are final, and an operator who knows their
/// account's terms can opt in.
///
/// The delay before attempt *n + 1* is a random value in `0 ... min(maxDelay, baseDelay · 2^(n-1))`
/// ("full jitter"), so many clients that were rate-limited together do not return together.
/// The client never sleeps past its total deadline.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Also retry the vendor's refusals (rate limits 10011/10012/10013, maintenance 10020).
    public var retriesVendorRefusals: Bool

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
                retriesVendorRefusals: Bool = false) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retriesVendorRefusals = retriesVendorRefusals
    }

    /// Whether a failure of `classification` may be retried under this policy (attempts and
    /// deadline permitting).
    public func allowsRetry(of classification: VideoAuthError.Classification) -> Bool {
        classification.isRetryable || (retriesVendorRefusals && classification.isVendorRefusal)
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
