import Foundation

/// Why ``VideoAuthClient/verify(name:idNumber:payload:rateType:)`` did not return a result.
///
/// Switch on ``kind`` for details, on ``classification`` for the decision a caller has to
/// make (fix the input, fix the account, wait, check the order before paying again).
/// ``description`` is written for the person at the terminal and never contains the key,
/// the full ID number or the full name.
public struct VideoAuthError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: Sendable, Equatable {
        // Local checks: no request was sent.
        case invalidIDNumber(IDNumberProblem)
        case invalidName(NameProblem)
        case missingAPIKey
        case emptyPayload
        /// The `videoData` value (`base64:` + base64) would be `valueBytes` long, more than `limit`.
        case payloadTooLarge(valueBytes: Int, limit: Int)
        case invalidEndpoint(String)
        /// Plain `http://` to a host that is not loopback, without
        /// ``VideoAuthConfiguration/allowInsecureHTTP`` (see ``EndpointPolicy``).
        case insecureEndpoint(host: String)

        /// The vendor answered with a documented `error_code`.
        case vendor(VendorErrorCode, reason: String?, orderID: String?)
        /// The vendor answered with a code it does not document.
        case unknownVendorCode(Int, reason: String?, orderID: String?)

        /// The connection failed before the whole request body was handed over, so the
        /// vendor cannot have processed (or charged) it.
        case transportBeforeSend(String)
        /// The whole body was sent and then the connection failed without an answer.
        case outcomeUnknown(String)
        /// An HTTP status other than 200; `bodySent` tells whether the vendor had the whole request.
        case badHTTPStatus(Int, bodySent: Bool)
        /// The answer was not the documented JSON (truncated, HTML, missing `error_code`).
        case malformedResponse(String)
        case responseTooLarge(limit: Int)
        case deadlineExceeded(bodySent: Bool)
        case cancelled(bodySent: Bool)
    }

    /// What the caller has to decide.
    public enum Classification: String, Sendable, Codable, CaseIterable {
        /// Fix the name, ID number or video; nothing was sent.
        case invalidInput
        /// Fix the key, account or endpoint; retrying will not help.
        case configuration
        /// Rate limited (10011/10012/10013): the vendor refused the call before processing it.
        /// Not retried unless ``RetryPolicy/retriesVendorRefusals`` is set.
        case rateLimited
        /// API under maintenance (10020): refused before processing. Not retried unless
        /// ``RetryPolicy/retriesVendorRefusals`` is set.
        case maintenance
        /// 10014: may have been charged; check the order before calling again.
        case mayHaveCharged
        /// 2546134: charged although the picture was invalid.
        case charged
        /// 2546135.
        case tokenExpired
        /// An undocumented vendor code; not retried.
        case unknownVendorCode
        /// A transport failure before the body was sent; retried with backoff.
        case transportRetryable
        /// The whole request was handed to the connection and no valid vendor answer came back
        /// (any HTTP status but 200, a reset, a timeout, unreadable JSON): the vendor may have
        /// processed and charged it. Never retried automatically (a retry could pay twice).
        case outcomeUnknown
        case deadlineExceeded
        case cancelled

        /// Whether ``VideoAuthClient`` retries this class with the default ``RetryPolicy``:
        /// only a transport failure before the last body byte, which cannot have been charged.
        public var isRetryable: Bool { self == .transportRetryable }

        /// A vendor answer that says the call was refused before processing (and so not
        /// charged); retried only when ``RetryPolicy/retriesVendorRefusals`` is set.
        public var isVendorRefusal: Bool { self == .rateLimited || self == .maintenance }
    }

    public let kind: Kind
    /// Attempts made (0 when a local check failed, 1 when nothing was retried).
    public let attempts: Int
    /// This client's identifier of the call (also sent as the `X-Request-ID` header), nil when
    /// nothing was sent. Quote it with ``bodySentAt`` and ``orderID`` when asking the vendor
    /// whether a call of unknown outcome was charged.
    public var requestID: String?
    /// When the last body byte of the final attempt was handed to the connection; nil when the
    /// body was never completely sent (then nothing can have been charged).
    public var bodySentAt: Date?

    public init(_ kind: Kind, attempts: Int, requestID: String? = nil, bodySentAt: Date? = nil) {
        self.kind = kind
        self.attempts = attempts
        self.requestID = requestID
        self.bodySentAt = bodySentAt
    }

    public var classification: Classification {
        switch kind {
        case .invalidIDNumber, .invalidName, .emptyPayload, .payloadTooLarge: .invalidInput
        case .missingAPIKey, .invalidEndpoint, .insecureEndpoint: .configuration
        case .vendor(let code, _, _): code.classification
        case .unknownVendorCode: .unknownVendorCode
        case .transportBeforeSend: .transportRetryable
        case .outcomeUnknown, .malformedResponse, .responseTooLarge: .outcomeUnknown
        case .badHTTPStatus(_, let bodySent):
            // Any status, 429 and 503 included: a proxy can answer 503 after the vendor already
            // processed the request (an upstream reset before the response head). Only a
            // status that arrived before the last body byte proves the request was incomplete.
            bodySent ? .outcomeUnknown : .transportRetryable
        case .deadlineExceeded(let bodySent): bodySent ? .outcomeUnknown : .deadlineExceeded
        case .cancelled: .cancelled
        }
    }

    /// The vendor's `error_code`, when it answered with one.
    public var vendorCode: Int? {
        switch kind {
        case .vendor(let code, _, _): code.rawValue
        case .unknownVendorCode(let code, _, _): code
        default: nil
        }
    }

    /// The vendor's order / serial number, when the answer carried one — quote it when
    /// checking whether a call was charged.
    public var orderID: String? {
        switch kind {
        case .vendor(_, _, let orderID), .unknownVendorCode(_, _, let orderID): orderID
        default: nil
        }
    }

    /// True when the request may have reached the vendor and been charged.
    public var mayHaveBeenCharged: Bool {
        switch classification {
        case .mayHaveCharged, .charged, .outcomeUnknown: true
        case .deadlineExceeded, .cancelled:
            if case .deadlineExceeded(let sent) = kind { sent } else if case .cancelled(let sent) = kind { sent } else { false }
        default: false
        }
    }

    public var description: String {
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch kind {
        case .invalidIDNumber(let problem): return "\(problem) Nothing was sent."
        case .invalidName(let problem): return "\(problem) Nothing was sent."
        case .missingAPIKey:
            return "No API key: set it in the environment variable named by --key-env (default VAPREP_API_KEY). Nothing was sent."
        case .emptyPayload: return "The video is empty; prepare a clip first. Nothing was sent."
        case .payloadTooLarge(let valueBytes, let limit):
            return "The videoData value (base64: + base64) would be \(valueBytes) bytes, over the limit of \(limit); "
                + "prepare it with a smaller budget (e.g. shorter or lower bitrate). Nothing was sent."
        case .invalidEndpoint(let endpoint):
            return "The endpoint '\(endpoint)' is not an http(s) URL; use e.g. \(VideoAuthConfiguration.vendorEndpoint)."
        case .insecureEndpoint(let host):
            return "Refused: \(EndpointPolicy.refusal(host: host)) Nothing was sent."
        case .vendor(let code, let reason, let orderID):
            let order = orderID.map { " Order/serial: \($0)." } ?? ""
            let vendorText = reason.map { " Vendor says: \($0)." } ?? ""
            return "videoAuth error \(code.rawValue): \(code.meaning)\(tries).\(vendorText)\(order) \(code.advice)"
        case .unknownVendorCode(let code, let reason, let orderID):
            let order = orderID.map { " Order/serial: \($0)." } ?? ""
            return "videoAuth answered with undocumented error \(code)\(reason.map { " (\($0))" } ?? "").\(order) "
                + "It was not retried; if the call may have been charged, check the order with the vendor."
        case .transportBeforeSend(let detail):
            return "Could not send the request\(tries): \(detail). Nothing reached the vendor; check the network and the endpoint, then try again."
        case .outcomeUnknown(let detail):
            return "The request was sent but no valid answer came back (\(detail)). The call MAY HAVE BEEN CHARGED; "
                + "it was not retried automatically — check the vendor's order list before submitting again.\(identity)"
        case .badHTTPStatus(let status, let bodySent):
            return "videoAuth answered HTTP \(status) instead of 200\(tries). "
                + (bodySent ? "The whole request had been sent, so the call MAY HAVE BEEN CHARGED; it was not retried — "
                    + "check the vendor's order list before submitting again.\(identity)"
                    : "The request was not complete when the answer came, so it was not processed.")
        case .malformedResponse(let detail):
            return "videoAuth's answer is not the documented JSON (\(detail)). The call MAY HAVE BEEN CHARGED; "
                + "check the vendor's order list before submitting again.\(identity)"
        case .responseTooLarge(let limit):
            return "videoAuth's answer is larger than \(limit) bytes and was refused; check that the endpoint is the videoAuth API. "
                + "The call MAY HAVE BEEN CHARGED.\(identity)"
        case .deadlineExceeded(let bodySent):
            return "No answer within the deadline\(tries). "
                + (bodySent ? "The request was sent, so the call MAY HAVE BEEN CHARGED: check the order list before submitting again.\(identity)"
                    : "Nothing reached the vendor; raise the deadline or check the network.")
        case .cancelled(let bodySent):
            return "Cancelled. " + (bodySent ? "The request had been sent, so the call MAY HAVE BEEN CHARGED.\(identity)" : "Nothing reached the vendor.")
        }
    }

    /// " Request ID …, body sent at …." for the messages of a call that may have been charged.
    private var identity: String {
        var parts: [String] = []
        if let requestID { parts.append("request ID \(requestID)") }
        if let bodySentAt { parts.append("body sent at \(bodySentAt.formatted(.iso8601))") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { "VideoAuthError(\(classification.rawValue), attempts: \(attempts)): \(description)" }
}
