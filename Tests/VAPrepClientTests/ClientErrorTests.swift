import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("VideoAuthClient: vendor error codes and their classification")
struct ClientErrorTests {
    static let expected: [(VendorErrorCode, VideoAuthError.Classification)] = [
        (.chargedPictureInvalid, .charged), (.tokenExpired, .tokenExpired),
        (.wrongKey, .configuration), (.keyNotPermitted, .configuration), (.keyExpired, .configuration),
        (.wrongOpenID, .configuration), (.applicationNotReviewed, .configuration), (.unknownRequestSource, .configuration),
        (.ipBanned, .configuration), (.keyBanned, .configuration), (.discontinued, .configuration),
        (.ipRequestLimit, .rateLimited), (.requestCountLimit, .rateLimited), (.testKeyLimit, .rateLimited),
        (.internalError, .mayHaveCharged), (.maintenance, .maintenance),
    ]

    @Test("the table covers every documented code")
    func tableIsComplete() {
        #expect(Set(Self.expected.map(\.0)) == Set(VendorErrorCode.allCases))
        #expect(VendorErrorCode.allCases.count == 16)
    }

    @Test("each vendor code becomes its typed error and classification", arguments: expected)
    func vendorCode(code: VendorErrorCode, classification: VideoAuthError.Classification) async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(retry: .none, fault: "code=\(code.rawValue)") { sandbox, client in
            let error = await expectVideoAuthError {
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
            guard let error else { return }
            guard case .vendor(let answered, _, _) = error.kind else {
                Issue.record("expected .vendor, got \(error.kind)")
                return
            }
            #expect(answered == code)
            #expect(error.classification == classification)
            #expect(error.vendorCode == code.rawValue)
            #expect(error.attempts == 1)
            #expect(error.description.contains(String(code.rawValue)))
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("10014 and 2546134 surface the order id and count as possibly charged", arguments: [VendorErrorCode.internalError, .chargedPictureInvalid])
    func chargedCodesCarryOrder(code: VendorErrorCode) async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "code=\(code.rawValue)") { sandbox, client in
            let error = await expectVideoAuthError {
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
            let orderID = try #require(error?.orderID)
            #expect(orderID.hasPrefix("SANDBOX"))
            #expect(error?.description.contains(orderID) == true)
            #expect(error?.mayHaveBeenCharged == true)
            // Never retried, although the policy allows 3 attempts: a retry could pay twice.
            #expect(error?.attempts == 1)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("a reserved sandbox ID number selects the code without a header", arguments: [VendorErrorCode.keyExpired, .maintenance, .tokenExpired])
    func reservedIDs(code: VendorErrorCode) async throws {
        let mp4 = try Fixtures.mp4()
        let id = SandboxReservedIDs.idNumber(for: code)
        #expect(SandboxReservedIDs.code(for: id) == code)
        try await Fixtures.withSandbox(retry: .none) { _, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: id, payload: mp4) }
            #expect(error?.vendorCode == code.rawValue)
            #expect(error?.classification == code.classification)
        }
    }

    @Test("the sandbox checks the key like the vendor: a wrong key gets 10001 and is not retried")
    func wrongKey() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(adjust: { $0.apiKey = "sk-wrong-000000000000" }) { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .vendor(.wrongKey, reason: "错误的请求KEY", orderID: nil))
            #expect(error?.classification == .configuration)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("an undocumented code is typed as unknown and not retried")
    func unknownCode() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "code=2999901") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.vendorCode == 2_999_901)
            #expect(error?.classification == .unknownVendorCode)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("a payload that is not an MP4 is refused by the sandbox's inspector")
    func notAVideo() async throws {
        try await Fixtures.withSandbox { _, client in
            let error = await expectVideoAuthError {
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: Array("this is not a video".utf8))
            }
            #expect(error?.vendorCode == SandboxErrorCode.notAVideo.rawValue)
        }
    }
}
