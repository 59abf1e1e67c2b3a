import Logging
import NIOSSL
import VAPrepPayload

/// Everything ``VideoAuthClient`` needs besides the person and the video.
///
/// ```swift
/// var configuration = VideoAuthConfiguration(apiKey: ProcessInfo.processInfo.environment["VAPREP_API_KEY"] ?? "")
/// configuration.deadline = .seconds(60)
/// configuration.retryPolicy = RetryPolicy(maxAttempts: 4)
/// ```
///
/// `description` masks the key, so a configuration can be logged or printed.
public struct VideoAuthConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The vendor's endpoint.
    public static let vendorEndpoint = "https://apis.juhe.cn/videoAuth/query"
    /// The vendor recommends `videoData` stay under 10M (read as 10,000,000 bytes of the value).
    public static let vendorMaxValueBytes = VideoData.recommendedMaxValueLength

    /// Where to POST; point it at `vaprep sandbox` (`http://127.0.0.1:8080/videoAuth/query`) to test offline.
    public var endpoint: String
    /// The customer's API key (secret: never logged, shown as its last four characters).
    public var apiKey: String
    /// Time allowed to open the TCP/TLS connection of one attempt.
    public var connectTimeout: Duration
    /// Total time for ``VideoAuthClient/verify(name:idNumber:payload:rateType:)`` including retries and backoff.
    public var deadline: Duration
    public var retryPolicy: RetryPolicy
    /// Answers longer than this are refused (the documented answer is about 2 KB).
    public var maxResponseBytes: Int
    /// Largest accepted `videoData` value in bytes (`base64:` + base64, before form escaping —
    /// the unit vaprep's profiles budget in, so a clip `prepare` says fits is never refused
    /// here); a profile may lower it to its own budget.
    public var maxValueBytes: Int
    public var logger: Logger
    /// Allow plain `http://` to a host that is not loopback (see ``EndpointPolicy``). Off by
    /// default: the key, the name, the ID number and the face would travel unencrypted.
    public var allowInsecureHTTP = false
    /// TLS settings for `https://` endpoints; nil uses AsyncHTTPClient's default (the system
    /// trust store, full certificate and host name verification). Used only by
    /// ``VideoAuthClient/init(configuration:)``; set it with ``trustingOnly(caPEMFile:)`` for a
    /// private gateway signed by your own CA.
    public var tlsConfiguration: TLSConfiguration?
    /// Extra request headers, e.g. for a gateway, or `X-Sandbox-Fault` to script the sandbox.
    /// Never put the key here: header values may be logged by proxies.
    public var extraHeaders: [String: String] = [:]

    public init(
        apiKey: String,
        endpoint: String = VideoAuthConfiguration.vendorEndpoint,
        connectTimeout: Duration = .seconds(10),
        deadline: Duration = .seconds(120),
        retryPolicy: RetryPolicy = RetryPolicy(),
        maxResponseBytes: Int = 1 << 20,
        maxValueBytes: Int = VideoAuthConfiguration.vendorMaxValueBytes,
        logger: Logger = Logger(label: "vaprep.videoauth")
    ) {
        self.apiKey = apiKey
        self.endpoint = endpoint
        self.connectTimeout = connectTimeout
        self.deadline = deadline
        self.retryPolicy = retryPolicy
        self.maxResponseBytes = maxResponseBytes
        self.maxValueBytes = maxValueBytes
        self.logger = logger
    }

    /// Verifies the endpoint's certificate against the CA certificates in `caPEMFile` only
    /// (host name checked as usual), e.g. for a company gateway in front of the vendor.
    /// - Throws: NIOSSL's error when the file cannot be read as PEM certificates.
    public mutating func trustingOnly(caPEMFile: String) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caPEMFile))
        tls.certificateVerification = .fullVerification
        tlsConfiguration = tls
    }

    public var description: String {
        "VideoAuthConfiguration(endpoint: \(endpoint), key: \(Masked.apiKey(apiKey)), connectTimeout: \(connectTimeout), "
            + "deadline: \(deadline), maxAttempts: \(retryPolicy.maxAttempts), maxValueBytes: \(maxValueBytes))"
    }
    public var debugDescription: String { description }
}
