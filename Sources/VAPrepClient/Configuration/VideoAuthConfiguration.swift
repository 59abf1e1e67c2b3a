import Logging
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

    public var description: String {
        "VideoAuthConfiguration(endpoint: \(endpoint), key: \(Masked.apiKey(apiKey)), connectTimeout: \(connectTimeout), "
            + "deadline: \(deadline), maxAttempts: \(retryPolicy.maxAttempts), maxValueBytes: \(maxValueBytes))"
    }
    public var debugDescription: String { description }
}
