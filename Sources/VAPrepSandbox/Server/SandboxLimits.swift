/// The resource limits that keep a ``SandboxServer`` answering whatever its clients do.
///
/// | limit | default | what happens past it |
/// |---|---|---|
/// | ``idleTimeout`` | 30 s | a connection that has not sent a complete request head this long after it opened or after the last answer is closed (an idle connection, or a head trickled byte by byte) |
/// | ``requestReadTimeout`` | 60 s | a request whose body has not fully arrived this long after its head (a slow-loris body) is closed without an answer |
/// | ``maxConnections`` | 64 | a further connection gets `503` and is closed before anything is read from it |
/// | ``SandboxConfiguration/maxBodyBytes`` | 16 MiB | `413` as soon as the declared or received length passes it, then close; the rest is never read |
/// | ``maxRecords`` | 1,024 | the ``SandboxRecorder`` keeps the newest records only (a ring) |
/// | ``maxFaultCounters`` | 1,024 | the `fail-times` counters of the oldest fault headers are forgotten |
public struct SandboxLimits: Sendable, Equatable {
    /// How long a connection may take to send a complete request head, counted from its
    /// opening or from the last answer. Bounds idle connections and trickled heads alike.
    public var idleTimeout: Duration
    /// How long a request's body may take to arrive completely, counted from its head.
    public var requestReadTimeout: Duration
    /// Connections served at once.
    public var maxConnections: Int
    /// Request records kept by the recorder.
    public var maxRecords: Int
    /// Distinct `X-Sandbox-Fault` header values whose `fail-times` count is remembered.
    public var maxFaultCounters: Int

    public init(
        idleTimeout: Duration = .seconds(30),
        requestReadTimeout: Duration = .seconds(60),
        maxConnections: Int = 64,
        maxRecords: Int = 1024,
        maxFaultCounters: Int = 1024
    ) {
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.maxConnections = max(1, maxConnections)
        self.maxRecords = max(1, maxRecords)
        self.maxFaultCounters = max(1, maxFaultCounters)
    }

    /// The defaults in the table above.
    public static let `default` = SandboxLimits()
}
