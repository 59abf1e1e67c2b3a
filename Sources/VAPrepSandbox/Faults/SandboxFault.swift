/// Faults a test can ask the sandbox for, per request, with the header
/// `X-Sandbox-Fault: code=10012; fail-times=2` (items separated by `;` or `,`).
///
/// | item | effect |
/// |---|---|
/// | `code=N` | answer `error_code` N (HTTP 200) instead of a result |
/// | `fail-times=N` | apply the other items only to the first N requests carrying this same header value, then answer normally |
/// | `delay=MS` | wait MS milliseconds after reading the body before answering |
/// | `drop-before-body` | close the connection right after the request head, before reading the body |
/// | `drop-after-body` | read the whole body, then close without answering |
/// | `http500-html` | answer HTTP 500 with an HTML page |
/// | `status=N` | read the whole body, then answer HTTP N (400…599, e.g. 503 or 429) with a short text — a gateway failing after the vendor may have processed the call |
/// | `truncated-json` | answer 200 with the JSON cut in half (a complete HTTP response) |
/// | `oversized` | answer 200 with a 2 MB chunked body |
/// | `not-live` | simulate a failed liveness (`livingScore` 0.01, no face comparison) |
/// | `face-mismatch` | simulate liveness passed but a different person |
///
/// A reserved ID number (see ``SandboxReservedIDs``) selects an error code without a header.
public struct SandboxFault: Sendable, Equatable {
    public var errorCode: Int?
    public var failTimes: Int?
    public var delayMilliseconds: Int?
    public var dropBeforeBody = false
    public var dropAfterBody = false
    public var http500HTML = false
    /// `status=N`: an HTTP error status answered after the whole body was read.
    public var httpStatus: Int?
    public var truncatedJSON = false
    public var oversized = false
    public var notLive = false
    public var faceMismatch = false

    public static let headerName = "X-Sandbox-Fault"

    public init() {}

    /// Parses a header value; unknown items are reported so a typo in a test fails loudly.
    public init(header: String) throws(SandboxFaultParseError) {
        for rawItem in header.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let item = rawItem.trimmingCharacters(in: " ")
            if item.isEmpty { continue }
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0) }
            let name = parts[0].lowercased()
            let number = parts.count > 1 ? Int(parts[1]) : nil
            switch name {
            case "code": guard let number else { throw .init(item: item) }; errorCode = number
            case "fail-times": guard let number, number >= 0 else { throw .init(item: item) }; failTimes = number
            case "delay": guard let number, number >= 0 else { throw .init(item: item) }; delayMilliseconds = number
            case "drop-before-body": dropBeforeBody = true
            case "drop-after-body": dropAfterBody = true
            case "http500-html": http500HTML = true
            case "status": guard let number, (400...599).contains(number) else { throw .init(item: item) }; httpStatus = number
            case "truncated-json": truncatedJSON = true
            case "oversized": oversized = true
            case "not-live": notLive = true
            case "face-mismatch": faceMismatch = true
            default: throw .init(item: item)
            }
        }
    }
}

/// An `X-Sandbox-Fault` item the sandbox does not know; it answers HTTP 400 naming it.
public struct SandboxFaultParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var item: String
    public init(item: String) { self.item = item }
    public var description: String {
        "unknown X-Sandbox-Fault item '\(item)'; known: code=N, fail-times=N, delay=MS, drop-before-body, drop-after-body, "
            + "http500-html, status=400…599, truncated-json, oversized, not-live, face-mismatch"
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var view = self
        while view.first == set { view.removeFirst() }
        while view.last == set { view.removeLast() }
        return String(view)
    }
}
