import Foundation

/// A successful videoAuth answer (`error_code` 0), with the judgement spelled out.
///
/// ```swift
/// let result = try await client.verify(name: "张三", idNumber: "11010519491231002X", payload: mp4)
/// if result.livenessPassed && result.faceMatched { … }
/// ```
/// `description` contains no PII (the answer carries none besides the picture URLs, which
/// are only shown as a count).
public struct VideoAuthResult: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A frame the vendor extracted; the URL stops working 24 hours after the answer.
    public struct Picture: Sendable, Equatable, Codable {
        public var url: String
        public var expiresAt: Date
    }

    /// The vendor's serial number for this call (`result.orderid`).
    public var orderID: String
    public var livingScore: Double
    /// Only present when face comparison with the ID photo ran.
    public var faceScore: Double?
    /// The vendor's advice text, e.g. "系统判断为同一人" ("the system judges this to be the same person").
    public var faceAdvise: String?
    public var pictures: [Picture]
    public var rateType: RateType
    /// `rateType.threshold`, repeated for reports.
    public var threshold: Double
    /// The vendor's `reason` text.
    public var reason: String?
    /// When the answer arrived (picture expiry is counted from here).
    public var receivedAt: Date

    /// The vendor's pictures expire this long after the answer.
    public static let pictureLifetime: TimeInterval = 24 * 3600

    /// Liveness passed: `livingScore` is above the chosen level's threshold (the vendor's rule).
    public var livenessPassed: Bool { livingScore > threshold }

    /// The face matched the ID photo: comparison ran (there is a `faceScore`) and the vendor's
    /// advice affirms the same person ("同一人" without a negation such as "不是同一人"/"不同").
    /// The vendor publishes no face-score threshold, so the advice text is the judgement.
    public var faceMatched: Bool {
        guard livenessPassed, faceScore != nil, let advice = faceAdvise else { return false }
        return advice.contains("同一人") && !advice.contains("不")
    }

    public var description: String {
        let face = faceScore.map { String(format: "%.4f", $0) } ?? "n/a"
        return "orderid \(orderID): livingScore \(String(format: "%.6f", livingScore)) vs threshold \(threshold) "
            + "(rate_type \(rateType.rawValue)) → liveness \(livenessPassed ? "passed" : "failed"); "
            + "faceScore \(face) → face \(faceMatched ? "matched" : "not matched"); \(pictures.count) picture(s)"
    }
}
