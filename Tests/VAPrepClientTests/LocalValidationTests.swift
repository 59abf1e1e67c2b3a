import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("VideoAuthClient: local checks refuse bad input before any paid call")
struct LocalValidationTests {
    static let cases: [(label: String, name: String, id: String, key: String?, payloadBytes: Int?, classification: VideoAuthError.Classification)] = [
        ("bad checksum", Fixtures.name, "110105194912310039", nil, nil, .invalidInput),
        ("future birth date", Fixtures.name, "110105209901011234", nil, nil, .invalidInput),
        ("bad province", Fixtures.name, "710000199001011237", nil, nil, .invalidInput),
        ("bad name", "张三A", Fixtures.idNumber, nil, nil, .invalidInput),
        ("missing key", Fixtures.name, Fixtures.idNumber, "  ", nil, .configuration),
        ("empty payload", Fixtures.name, Fixtures.idNumber, nil, 0, .invalidInput),
    ]

    @Test("refused locally: typed error, zero attempts, no connection to the server", arguments: cases.indices)
    func refusedLocally(index: Int) async throws {
        let testCase = Self.cases[index]
        let mp4 = try Fixtures.mp4()
        let payload = testCase.payloadBytes.map { Array(mp4.prefix($0)) } ?? mp4
        try await Fixtures.withSandbox(adjust: { configuration in
            if let key = testCase.key { configuration.apiKey = key }
        }) { sandbox, client in
            let error = await expectVideoAuthError {
                try await client.verify(name: testCase.name, idNumber: testCase.id, payload: payload)
            }
            #expect(error?.classification == testCase.classification, "\(testCase.label)")
            #expect(error?.attempts == 0)
            #expect(error?.description.contains("Nothing was sent") == true, "\(testCase.label)")
            #expect(sandbox.recorder.connectionCount == 0)
        }
    }

    @Test("a payload over the value budget is refused with the exact encoded size")
    func tooLarge() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(adjust: { $0.maxValueBytes = 1000 }) { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            guard case .payloadTooLarge(let valueBytes, let limit)? = error?.kind else {
                Issue.record("expected payloadTooLarge, got \(String(describing: error))")
                return
            }
            #expect(limit == 1000)
            #expect(valueBytes == VideoDataLength.expected(for: mp4))
            #expect(sandbox.recorder.connectionCount == 0)
        }
    }

    @Test("an endpoint that is not http(s) is a configuration error")
    func badEndpoint() async throws {
        let configuration = Fixtures.configuration(endpoint: "ftp://example.invalid/videoAuth/query", logger: LogCapture().logger("client"))
        let mp4 = try Fixtures.mp4()
        let error = await expectVideoAuthError {
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
        }
        #expect(error?.kind == .invalidEndpoint("ftp://example.invalid/videoAuth/query"))
    }
}

/// Independent expectation of the `videoData` value length ("base64:" + base64), computed
/// with Foundation's encoder, not the payload module.
enum VideoDataLength {
    static func expected(for bytes: [UInt8]) -> Int {
        "base64:".utf8.count + Data(bytes).base64EncodedString().utf8.count
    }
}
