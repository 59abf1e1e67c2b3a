import Foundation

/// The vendor's JSON answer, decoded tolerantly: numbers may arrive as strings, unknown
/// fields are ignored, and `result` may be missing or `null` on errors.
struct VideoAuthResponse: Decodable, Sendable {
    var errorCode: Int
    var reason: String?
    var result: Payload?

    struct Payload: Decodable, Sendable {
        var orderID: String?
        var livingScore: Double?
        var faceScore: Double?
        var faceAdvise: String?
        var pictures: [String]?

        enum CodingKeys: String, CodingKey { case orderid, livingScore, faceScore, faceAdvise, pictures }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            orderID = try container.decodeIfPresent(LenientString.self, forKey: .orderid)?.value
            livingScore = try container.decodeIfPresent(LenientNumber.self, forKey: .livingScore)?.value
            faceScore = try container.decodeIfPresent(LenientNumber.self, forKey: .faceScore)?.value
            faceAdvise = try container.decodeIfPresent(LenientString.self, forKey: .faceAdvise)?.value
            pictures = try? container.decodeIfPresent([String].self, forKey: .pictures)
        }
    }

    enum CodingKeys: String, CodingKey { case error_code, reason, result }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let code = try container.decodeIfPresent(LenientNumber.self, forKey: .error_code)?.value,
              code == code.rounded(), abs(code) < 1e12
        else {
            throw DecodingError.keyNotFound(CodingKeys.error_code, .init(codingPath: [], debugDescription: "error_code missing or not an integer"))
        }
        errorCode = Int(code)
        reason = try container.decodeIfPresent(LenientString.self, forKey: .reason)?.value
        // A non-object `result` (e.g. "" or []) on an error answer is treated like null.
        result = try? container.decodeIfPresent(Payload.self, forKey: .result)
    }

    static func parse(_ bytes: [UInt8]) throws -> VideoAuthResponse {
        try JSONDecoder().decode(VideoAuthResponse.self, from: Data(bytes))
    }
}

/// A JSON number, or a string holding one ("0.99"); `null` and "" decode as absent.
struct LenientNumber: Decodable {
    var value: Double?
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = nil }
        else if let number = try? container.decode(Double.self) { value = number }
        else if let text = try? container.decode(String.self) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.isEmpty || Double(trimmed) != nil else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
            }
            value = Double(trimmed)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
        }
    }
}

/// A JSON string, or a number sent where a string was documented (an order id as 123).
struct LenientString: Decodable {
    var value: String?
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { value = nil }
        else if let text = try? container.decode(String.self) { value = text }
        else if let number = try? container.decode(Int64.self) { value = String(number) }
        else if let number = try? container.decode(Double.self) { value = String(number) }
        else { value = nil }
    }
}
