import Foundation
import VAPrepPayload

/// The checks that run before any paid call; each failure is a typed error and nothing is sent.
enum LocalChecks {
    struct Checked: Sendable {
        let endpoint: String
        let rateType: RateType
        let body: FormBody
    }

    static func run(
        configuration: VideoAuthConfiguration, name: String, idNumber: String, payload: [UInt8], rateType: RateType, now: Date = Date()
    ) throws(VideoAuthError) -> Checked {
        guard !configuration.apiKey.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VideoAuthError(.missingAPIKey, attempts: 0)
        }
        switch EndpointPolicy.check(configuration.endpoint, allowInsecureHTTP: configuration.allowInsecureHTTP) {
        case .allowed, .insecureAllowed: break
        case .invalid: throw VideoAuthError(.invalidEndpoint(configuration.endpoint), attempts: 0)
        case .insecureRefused(let host): throw VideoAuthError(.insecureEndpoint(host: host), attempts: 0)
        }
        let person: PersonName
        do { person = try PersonName(name) } catch { throw VideoAuthError(.invalidName(error), attempts: 0) }
        let id: ResidentIDNumber
        do { id = try ResidentIDNumber(idNumber, now: now) } catch { throw VideoAuthError(.invalidIDNumber(error), attempts: 0) }
        guard !payload.isEmpty else { throw VideoAuthError(.emptyPayload, attempts: 0) }
        let valueBytes = VideoData.valueLength(byteCount: payload.count)
        guard valueBytes <= configuration.maxValueBytes else {
            throw VideoAuthError(.payloadTooLarge(valueBytes: valueBytes, limit: configuration.maxValueBytes), attempts: 0)
        }
        let body = FormBody(apiKey: configuration.apiKey, name: person, idNumber: id, rateType: rateType, payload: payload)
        return Checked(endpoint: configuration.endpoint, rateType: rateType, body: body)
    }
}
