import Logging
import NIOSSL
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
    /// Serve https with this certificate and key (see ``usingTLS(certificatePEMFile:privateKeyPEMFile:)``);
    /// nil serves plain http, which clients accept on loopback only.
    public var tlsConfiguration: TLSConfiguration?
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

    /// Serves https with the PEM certificate chain and private key in these files, e.g. to
    /// test a client's custom trust roots against a private CA.
    /// - Throws: NIOSSL's error when a file cannot be read as PEM.
    public mutating func usingTLS(certificatePEMFile: String, privateKeyPEMFile: String) throws {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePEMFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPEMFile, format: .pem)
        tlsConfiguration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
    }
}
