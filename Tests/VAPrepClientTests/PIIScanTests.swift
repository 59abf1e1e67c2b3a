import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("PII: the key, the ID number and the name never leak")
struct PIIScanTests {
    static let secrets = [
        Fixtures.apiKey, Fixtures.idNumber, Fixtures.idNumber.lowercased(), Fixtures.name,
        String(decoding: FormURLEncoding.encode(Fixtures.name), as: UTF8.self),   // percent-encoded form
    ]

    @Test("logs, error descriptions and result descriptions across success and every failure path")
    func scan() async throws {
        let mp4 = try Fixtures.mp4()
        let capture = LogCapture()
        var texts: [String] = []

        func record(_ outcome: Result<VideoAuthResult, VideoAuthError>) {
            switch outcome {
            case .success(let result):
                texts += [String(describing: result), String(reflecting: result), "\(result.pictures)"]
            case .failure(let error):
                texts += [String(describing: error), String(reflecting: error), error.description, error.debugDescription, "\(error.kind)"]
            }
        }
        func run(fault: String?, name: String = Fixtures.name, id: String = Fixtures.idNumber, payload: [UInt8]? = nil,
                 adjust: @escaping (inout VideoAuthConfiguration) -> Void = { _ in }) async throws {
            let outcome: Result<VideoAuthResult, VideoAuthError> = try await Fixtures.withSandbox(
                capture: capture, deadline: .seconds(5), fault: fault, adjust: adjust
            ) { _, client in
                do { return .success(try await client.verify(name: name, idNumber: id, payload: payload ?? mp4)) }
                catch let error as VideoAuthError { return .failure(error) }
            }
            record(outcome)
        }

        try await run(fault: nil)
        for code in VendorErrorCode.allCases { try await run(fault: "code=\(code.rawValue)") }
        for fault in ["code=2999901", "drop-after-body", "drop-before-body", "http500-html", "truncated-json", "oversized",
                      "not-live", "face-mismatch", "code=10012; fail-times=1"] {
            try await run(fault: fault, adjust: { $0.maxResponseBytes = 64 * 1024 })
        }
        try await run(fault: "delay=3000", adjust: { $0.deadline = .milliseconds(300) })
        try await run(fault: nil, adjust: { $0.apiKey = Fixtures.apiKey + "-wrong" })
        try await run(fault: nil, payload: Array("not a video".utf8))
        try await run(fault: nil, adjust: { $0.maxValueBytes = 10 })
        try await run(fault: nil, id: "110105194912310039")   // bad checksum: must not echo the number
        try await run(fault: nil, name: Fixtures.name + "A")
        let (refused, port) = Fixtures.refusedEndpoint()
        try await run(fault: nil, adjust: { $0.endpoint = refused; $0.connectTimeout = .seconds(1) })
        withExtendedLifetime(port) {}
        var configuration = Fixtures.configuration(endpoint: refused, logger: capture.logger("client"))
        texts += [String(describing: configuration), String(reflecting: configuration)]
        configuration.apiKey = ""
        texts.append(String(describing: configuration))

        let logs = capture.all
        #expect(logs.count > 50, "the scan needs real log traffic to mean anything")
        #expect(logs.contains { $0.contains("1101**********002X") }, "masked IDs are expected in the logs")
        for secret in Self.secrets {
            for line in logs where line.contains(secret) { Issue.record("log leaks a secret: \(line)") }
            for text in texts where text.contains(secret) { Issue.record("description leaks a secret: \(text)") }
        }
        // The bad-checksum number and the changed name are secrets too.
        for text in texts + logs {
            #expect(!text.contains("110105194912310039"))
            #expect(!text.contains(Fixtures.name + "A"))
        }
    }
}
