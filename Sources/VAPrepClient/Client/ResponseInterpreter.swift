import Foundation

/// Turns the bytes of a 200 answer into a result or a typed failure.
enum ResponseInterpreter {
    enum Interpretation {
        case result(VideoAuthResult)
        case failure(VideoAuthError.Kind)
    }

    static func interpret(_ bytes: [UInt8], rateType: RateType, receivedAt: Date, scrubber: SecretScrubber) -> Interpretation {
        let response: VideoAuthResponse
        do {
            response = try VideoAuthResponse.parse(bytes)
        } catch {
            let hint = bytes.isEmpty ? "empty body" : bytes.first == UInt8(ascii: "<") ? "HTML instead of JSON" : "\(bytes.count) bytes that do not parse as the documented JSON"
            return .failure(.malformedResponse(hint))
        }
        let reason = response.reason.map(scrubber.scrub)
        let orderID = response.result?.orderID
        guard response.errorCode == 0 else {
            if let code = VendorErrorCode(rawValue: response.errorCode) {
                return .failure(.vendor(code, reason: reason, orderID: orderID))
            }
            return .failure(.unknownVendorCode(response.errorCode, reason: reason, orderID: orderID))
        }
        guard let payload = response.result, let livingScore = payload.livingScore else {
            return .failure(.malformedResponse("error_code 0 without result.livingScore"))
        }
        let expiry = receivedAt.addingTimeInterval(VideoAuthResult.pictureLifetime)
        return .result(VideoAuthResult(
            orderID: payload.orderID ?? "",
            livingScore: livingScore,
            faceScore: payload.faceScore,
            faceAdvise: payload.faceAdvise,
            pictures: (payload.pictures ?? []).map { .init(url: $0, expiresAt: expiry) },
            rateType: rateType,
            threshold: rateType.threshold,
            reason: reason,
            receivedAt: receivedAt
        ))
    }
}
