import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("VideoAuthClient against the sandbox: results and the streamed body")
struct ClientSuccessTests {
    @Test("success: every field parsed, judged against the chosen level, pictures expire after 24 h")
    func success() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox { sandbox, client in
            let before = Date()
            let result = try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4, rateType: .level3)
            #expect(result.orderID.hasPrefix("SANDBOX"))
            #expect(result.rateType == .level3)
            #expect(result.threshold == 0.649192)
            // The MP4 inspector passes a structurally valid MP4 → simulated score 0.95…1.0.
            #expect(result.livingScore >= 0.95 && result.livingScore < 1)
            #expect(result.livenessPassed)
            #expect(try #require(result.faceScore) >= 0.75)
            #expect(result.faceAdvise == "系统判断为同一人")
            #expect(result.faceMatched)
            #expect(result.pictures.count == 2)
            for picture in result.pictures {
                #expect(picture.url.hasPrefix("http://127.0.0.1:\(sandbox.port)/"))
                #expect(picture.expiresAt == result.receivedAt.addingTimeInterval(24 * 3600))
            }
            #expect(result.receivedAt >= before)
            #expect(result.reason?.contains("simulated") == true)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("the same video gets the same simulated answer (deterministic sandbox)")
    func deterministic() async throws {
        let mp4 = try Fixtures.mp4()
        let scores = try await Fixtures.withSandbox { _, client in
            let first = try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            let second = try await client.verify(name: "李四", idNumber: "310115198808087778", payload: mp4)
            return [first.livingScore, second.livingScore, first.faceScore ?? -1, second.faceScore ?? -2]
        }
        #expect(scores[0] == scores[1])
        #expect(scores[2] == scores[3])
    }

    @Test("judged against: failed liveness and a face mismatch are results, not errors")
    func judgedAgainst() async throws {
        let mp4 = try Fixtures.mp4()
        let notLive = try await Fixtures.withSandbox(fault: "not-live") { _, client in
            try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
        }
        #expect(!notLive.livenessPassed)
        #expect(notLive.faceScore == nil)
        #expect(!notLive.faceMatched)
        #expect(notLive.pictures.isEmpty)
        let mismatch = try await Fixtures.withSandbox(fault: "face-mismatch") { _, client in
            try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
        }
        #expect(mismatch.livenessPassed)
        #expect(mismatch.faceScore == 0.21)
        #expect(!mismatch.faceMatched)
    }

    @Test("streamed body: Content-Length is exact and videoData decodes to exactly the MP4 sent")
    func streamedBodyIsExact() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox { sandbox, client in
            _ = try await client.verify(name: "买买提·艾力", idNumber: "911156199001011232", payload: mp4)
            let record = try #require(sandbox.recorder.records.first)
            #expect(record.declaredContentLength == record.receivedBodyBytes)
            #expect(record.videoByteCount == mp4.count)
            #expect(record.videoHash == fnv1a64(mp4))
        }
    }

    @Test("streamed body over many chunks (1 MB + 1 byte, not a multiple of 3): still exact")
    func largeStreamedBody() async throws {
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 20) + 1).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try await Fixtures.withSandbox { sandbox, client in
            let error = await expectVideoAuthError {
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: payload)
            }
            // Random bytes are no video: the sandbox's inspector refuses them after decoding.
            #expect(error?.vendorCode == SandboxErrorCode.notAVideo.rawValue)
            #expect(error?.classification == .unknownVendorCode)
            let record = try #require(sandbox.recorder.records.first)
            #expect(record.declaredContentLength == record.receivedBodyBytes)
            #expect((record.declaredContentLength ?? 0) > payload.count * 4 / 3)
            #expect(record.videoByteCount == payload.count)
            #expect(record.videoHash == fnv1a64(payload))
        }
    }
}
