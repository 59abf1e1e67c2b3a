import Foundation

/// The vendor-response parser as the fuzzing harness (`Fuzz/`) calls it: the bytes of a 200
/// answer through the same ``ResponseInterpreter`` the client uses, with fixed secrets so the
/// scrubber runs too. SPI, not API: nothing but the harness should depend on it.
@_spi(Fuzz) public enum ResponseFuzzEntry {
    private static let scrubber = SecretScrubber(apiKey: "fuzz-api-key-0123456789", idNumber: "11010519491231002X", name: "张三")

    /// Interprets `bytes` as a vendor answer; returns a short description of the outcome so
    /// the optimiser cannot drop the work.
    @_spi(Fuzz) public static func interpret(_ bytes: [UInt8]) -> String {
        switch ResponseInterpreter.interpret(bytes, rateType: .default, receivedAt: Date(timeIntervalSince1970: 0), scrubber: scrubber) {
        case .result(let result): "result \(result.livingScore) \(result.pictures.count) \(result.reason ?? "")"
        case .failure(let kind): "failure \(kind)"
        }
    }
}
