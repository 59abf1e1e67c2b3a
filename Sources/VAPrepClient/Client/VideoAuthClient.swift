import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import VAPrepPayload

/// Calls the vendor's video liveness + real-name API (`POST /videoAuth/query`).
///
/// ```swift
/// let configuration = VideoAuthConfiguration(apiKey: key)
/// let result = try await VideoAuthClient.withClient(configuration: configuration) { client in
///     try await client.verify(name: "张三", idNumber: "11010519491231002X", payload: mp4Bytes)
/// }
/// print(result)  // masked, safe to log
/// ```
///
/// What `verify` guarantees:
/// - the name, ID number, key and payload size are checked locally first; a bad input
///   throws ``VideoAuthError`` with classification `.invalidInput`/`.configuration` and
///   nothing is sent (nothing is paid);
/// - the form body streams from `payload` through the base64 encoder with an exact
///   `Content-Length`;
/// - only failures that cannot have been charged are retried (see ``RetryPolicy``): once the
///   last body byte was handed to the connection, any failure (any HTTP status but 200, a
///   reset, a timeout, an unreadable answer) ends the call with classification
///   `.outcomeUnknown`, carrying ``VideoAuthError/requestID`` and ``VideoAuthError/bodySentAt``;
/// - plain `http://` is refused unless the host is loopback or
///   ``VideoAuthConfiguration/allowInsecureHTTP`` is set (see ``EndpointPolicy``); TLS
///   certificates are always verified, against ``VideoAuthConfiguration/trustRootsPEMFile`` when set;
/// - the total ``VideoAuthConfiguration/deadline`` covers all attempts, and cancelling
///   the calling task cancels the request;
/// - the key, the full ID number and the full name never appear in logs or errors.
public final class VideoAuthClient: Sendable {
    public let configuration: VideoAuthConfiguration
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool

    /// Creates a client with its own `HTTPClient` (using ``VideoAuthConfiguration/connectTimeout``).
    /// Call ``shutdown()`` when done, or use ``withClient(configuration:_:)``.
    public init(configuration: VideoAuthConfiguration) {
        self.configuration = configuration
        var httpConfiguration = HTTPClient.Configuration()
        if let tls = configuration.tlsConfiguration { httpConfiguration.tlsConfiguration = tls }
        httpConfiguration.timeout = .init(connect: TimeAmount(configuration.connectTimeout))
        // A redirect would re-send the key and the ID to another place: refuse instead.
        httpConfiguration.redirectConfiguration = .disallow
        httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        ownsHTTPClient = true
    }

    /// Uses an `HTTPClient` the caller owns (and shuts down); its own connect timeout applies.
    public init(configuration: VideoAuthConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
        ownsHTTPClient = false
    }

    /// Shuts down the `HTTPClient` if this client created it. Safe to call once.
    public func shutdown() async throws {
        if ownsHTTPClient { try await httpClient.shutdown() }
    }

    /// Runs `body` with a client and shuts it down afterwards, also when `body` throws.
    public static func withClient<T: Sendable>(
        configuration: VideoAuthConfiguration,
        _ body: (VideoAuthClient) async throws -> T
    ) async throws -> T {
        let client = VideoAuthClient(configuration: configuration)
        do {
            let value = try await body(client)
            try await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Verifies that the person in the video is alive and is `name` / `idNumber`.
    ///
    /// - Parameters:
    ///   - name: the name as printed on the ID document (see ``PersonName``).
    ///   - idNumber: the 18-character ID number (see ``ResidentIDNumber``).
    ///   - payload: the MP4 file's bytes (sent as `base64:` + base64).
    ///   - rateType: the liveness threshold level; 1 is the vendor's default.
    /// - Returns: the vendor's judgement. A clip judged *not live* is a result, not an error:
    ///   check ``VideoAuthResult/livenessPassed`` and ``VideoAuthResult/faceMatched``.
    /// - Throws: ``VideoAuthError``.
    public func verify(name: String, idNumber: String, payload: [UInt8], rateType: RateType = .default) async throws(VideoAuthError)
        -> VideoAuthResult
    {
        let scrubber = SecretScrubber(apiKey: configuration.apiKey, idNumber: idNumber, name: name)
        var logger = configuration.logger
        logger[metadataKey: "videoauth.name"] = "\(Masked.name(name))"
        logger[metadataKey: "videoauth.idcard"] = "\(Masked.idNumber(idNumber))"
        logger[metadataKey: "videoauth.key"] = "\(Masked.apiKey(configuration.apiKey))"

        let checked: LocalChecks.Checked
        do {
            checked = try LocalChecks.run(configuration: configuration, name: name, idNumber: idNumber, payload: payload, rateType: rateType)
        } catch {
            logger.notice("videoAuth input refused locally; nothing sent", metadata: ["error": "\(error.description)"])
            throw error
        }
        logger[metadataKey: "videoauth.rate_type"] = "\(rateType.rawValue)"
        logger.info("videoAuth request", metadata: [
            "endpoint": "\(configuration.endpoint)", "bodyBytes": "\(checked.body.contentLength)", "videoBytes": "\(payload.count)",
        ])

        // One ID for the whole call (all attempts): at most one attempt can have reached the
        // vendor whole, since nothing is retried after the last body byte.
        let requestID = UUID().uuidString.lowercased()
        logger[metadataKey: "videoauth.request_id"] = "\(requestID)"
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.deadline
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let progress = UploadProgress(expected: checked.body.contentLength)
            let outcome = await attemptOnce(
                checked: checked, attempt: attempt, requestID: requestID, progress: progress, deadline: deadline, clock: clock,
                scrubber: scrubber, logger: logger)
            switch outcome {
            case .success(let result):
                logger.info("videoAuth answer", metadata: [
                    "orderid": "\(result.orderID)", "livingScore": "\(result.livingScore)",
                    "livenessPassed": "\(result.livenessPassed)", "faceMatched": "\(result.faceMatched)", "attempts": "\(attempt)",
                ])
                return result
            case .failure(let kind):
                let error = VideoAuthError(kind, attempts: attempt, requestID: requestID, bodySentAt: progress.bodySentAt)
                let classification = error.classification
                let delay = configuration.retryPolicy.delay(afterAttempt: attempt, using: &generator)
                let canRetry = configuration.retryPolicy.allowsRetry(of: classification) && !error.mayHaveBeenCharged
                    && attempt < configuration.retryPolicy.maxAttempts
                    && clock.now + delay < deadline && !Task.isCancelled
                guard canRetry else {
                    logger.warning("videoAuth failed", metadata: [
                        "classification": "\(classification.rawValue)", "attempts": "\(attempt)", "error": "\(error.description)",
                    ])
                    throw error
                }
                logger.notice("videoAuth attempt failed; retrying", metadata: [
                    "classification": "\(classification.rawValue)", "attempt": "\(attempt)", "delay": "\(delay)",
                    "error": "\(error.description)",
                ])
                do { try await Task.sleep(for: delay) } catch {
                    throw VideoAuthError(.cancelled(bodySent: false), attempts: attempt, requestID: requestID)
                }
            }
        }
    }

    /// The header carrying ``VideoAuthError/requestID``, so a gateway's logs can be matched to it.
    public static let requestIDHeader = "X-Request-ID"

    private enum AttemptOutcome { case success(VideoAuthResult), failure(VideoAuthError.Kind) }

    private func attemptOnce(
        checked: LocalChecks.Checked, attempt: Int, requestID: String, progress: UploadProgress, deadline: ContinuousClock.Instant,
        clock: ContinuousClock, scrubber: SecretScrubber, logger: Logger
    ) async -> AttemptOutcome {
        let body = checked.body
        var request = HTTPClientRequest(url: checked.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: Self.requestIDHeader, value: requestID)
        for (name, value) in configuration.extraHeaders.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        let attemptBody = body.makeAttempt(progress: progress)
        defer { attemptBody.close() }
        request.body = .stream(attemptBody.sequence, length: .known(Int64(body.contentLength)))
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { return .failure(.deadlineExceeded(bodySent: false)) }
        logger.debug("videoAuth attempt", metadata: ["attempt": "\(attempt)"])
        do {
            let response = try await httpClient.execute(request, deadline: .now() + TimeAmount(remaining), logger: logger)
            let receivedAt = Date()
            if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > configuration.maxResponseBytes {
                return .failure(.responseTooLarge(limit: configuration.maxResponseBytes))
            }
            let bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
            guard response.status == .ok else { return .failure(.badHTTPStatus(Int(response.status.code), bodySent: progress.bodySent)) }
            switch ResponseInterpreter.interpret(Array(buffer: bytes), rateType: checked.rateType, receivedAt: receivedAt, scrubber: scrubber) {
            case .result(let result): return .success(result)
            case .failure(let kind): return .failure(kind)
            }
        } catch {
            return .failure(classify(error, progress: progress, scrubber: scrubber))
        }
    }

    private func classify(_ error: any Error, progress: UploadProgress, scrubber: SecretScrubber) -> VideoAuthError.Kind {
        let sent = progress.bodySent
        if error is NIOTooManyBytesError { return .responseTooLarge(limit: configuration.maxResponseBytes) }
        if let httpError = error as? HTTPClientError, httpError == .deadlineExceeded || httpError == .readTimeout {
            return .deadlineExceeded(bodySent: sent)
        }
        // AsyncHTTPClient reports a cancelled task as HTTPClientError.cancelled or CancellationError;
        // without a cancelled task, `.cancelled` means the HTTPClient was shut down: a transport failure.
        if Task.isCancelled { return .cancelled(bodySent: sent) }
        let detail = scrubber.scrub(String(describing: error))
        return sent ? .outcomeUnknown(detail) : .transportBeforeSend(detail)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
