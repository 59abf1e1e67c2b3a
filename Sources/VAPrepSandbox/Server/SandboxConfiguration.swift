import Logging
import VAPrepClient

/// How a ``SandboxServer`` listens and what it accepts.
public struct SandboxConfiguration: Sendable {
    /// 127.0.0.1 by default: the sandbox is a test tool and should not be reachable from the network.
    public var host: String
    /// 0 picks a free ephemeral port; read the bound one from ``SandboxServer/port``.
    public var port: Int
    /// The only `key` accepted; any other answers 10001 like the vendor.
    public var apiKey: String
    /// Bodies longer than this are refused with HTTP 413 (the vendor recommends under 10 MB
    /// of `videoData`; the default leaves room for form escaping).
    /// Reading stops at this length: the answer is 413 and the connection is closed.
    public var maxBodyBytes: Int
    /// Timeouts, the connection cap and the recorder's size (see ``SandboxLimits``).
    public var limits: SandboxLimits
    public var inspector: any SandboxVideoInspector
    public var logger: Logger

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        apiKey: String = "sandbox-key-0000",
        maxBodyBytes: Int = 16 << 20,
        limits: SandboxLimits = .default,
        inspector: any SandboxVideoInspector = MP4StructureInspector(),
        logger: Logger = Logger(label: "vaprep.sandbox")
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.inspector = inspector
        self.logger = logger
    }
}
