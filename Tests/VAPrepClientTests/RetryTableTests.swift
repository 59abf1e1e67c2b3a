import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

/// Each row of the retry table (see `RetryPolicy`) against the sandbox's fault modes, on a
/// real server on 127.0.0.1: what is retried is exactly what cannot have been charged.
@Suite("VideoAuthClient: the retry table, row by row")
struct RetryTableTests {
    @Test("the whole body read, then an HTTP error status (503, 429, 502, 500): one request, outcome unknown",
          arguments: [503, 429, 502, 500, 404])
    func statusAfterBody(status: Int) async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "status=\(status)") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .badHTTPStatus(status, bodySent: true))
            #expect(error?.classification == .outcomeUnknown)
            #expect(error?.mayHaveBeenCharged == true)
            #expect(error?.attempts == 1)
            // Exactly one complete request reached the server: nothing could be paid twice.
            #expect(sandbox.recorder.requestCount == 1)
            let record = try #require(sandbox.recorder.records.first)
            #expect(record.receivedBodyBytes == record.declaredContentLength)
            // The error names the attempt: the request ID the server saw and when the body was sent.
            let requestID = try #require(error?.requestID)
            #expect(record.requestID == requestID)
            #expect(error?.bodySentAt != nil)
            #expect(error?.description.contains(requestID) == true)
            #expect(error?.description.contains("MAY HAVE BEEN CHARGED") == true)
        }
    }

    @Test("every documented vendor code is final under the default policy: one request each",
          arguments: VendorErrorCode.allCases)
    func vendorCodesAreFinal(code: VendorErrorCode) async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "code=\(code.rawValue)") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.vendorCode == code.rawValue)
            #expect(error?.attempts == 1)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("vendor refusals are retried only when the policy opts in; charged codes never", arguments: [
        (VendorErrorCode.requestCountLimit, 3), (.ipRequestLimit, 3), (.testKeyLimit, 3), (.maintenance, 3),
        (.internalError, 1), (.chargedPictureInvalid, 1), (.wrongKey, 1), (.tokenExpired, 1),
    ])
    func optInRefusals(code: VendorErrorCode, requests: Int) async throws {
        let mp4 = try Fixtures.mp4()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), retriesVendorRefusals: true)
        try await Fixtures.withSandbox(retry: policy, fault: "code=\(code.rawValue)") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.attempts == requests)
            #expect(sandbox.recorder.requestCount == requests)
        }
    }

    @Test("an oversized answer after the body: outcome unknown, not retried")
    func oversizedIsOutcomeUnknown() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "oversized", adjust: { $0.maxResponseBytes = 64 * 1024 }) { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.classification == .outcomeUnknown)
            #expect(error?.mayHaveBeenCharged == true)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("a 503 from the connection cap, before the body was read, is retried: nothing was processed")
    func capRefusalBeforeBodyIsRetried() async throws {
        // A body far larger than the socket buffers: the refusal arrives while it is still being sent.
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(6 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        let sandbox = try await SandboxServer.start(SandboxConfiguration(
            apiKey: Fixtures.apiKey, limits: SandboxLimits(maxConnections: 1)))
        let holder = try RawConnection(port: sandbox.port)
        for _ in 0..<500 where sandbox.recorder.activeConnectionCount < 1 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(sandbox.recorder.activeConnectionCount == 1)
        let configuration = Fixtures.configuration(endpoint: sandbox.endpoint, logger: LogCapture().logger("client"))
        let error = await expectVideoAuthError {
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: payload)
            }
        }
        holder.close()
        await sandbox.stop()
        #expect(error?.classification == .transportRetryable, "\(String(describing: error))")
        #expect(error?.mayHaveBeenCharged == false)
        #expect(error?.attempts == 3)
        #expect(error?.bodySentAt == nil)
        #expect(sandbox.recorder.refusedConnectionCount >= 3)
        #expect(sandbox.recorder.requestCount == 0)
    }

    @Test("a refusal while the body is still being written keeps no reference to the payload")
    func refusedUploadReleasesPayload() async throws {
        // AsyncHTTPClient's body-writing task stays suspended forever after such a refusal; the
        // attempt closes its body so that task holds no part of the clip.
        var payload = [UInt8](repeating: 0x5A, count: 6 << 20)
        let sandbox = try await SandboxServer.start(SandboxConfiguration(
            apiKey: Fixtures.apiKey, limits: SandboxLimits(maxConnections: 1)))
        let holder = try RawConnection(port: sandbox.port)
        for _ in 0..<500 where sandbox.recorder.activeConnectionCount < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let configuration = Fixtures.configuration(endpoint: sandbox.endpoint, logger: LogCapture().logger("client"))
        let error = await expectVideoAuthError { [payload] in
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: payload)
            }
        }
        holder.close()
        await sandbox.stop()
        #expect(error?.bodySentAt == nil)
        #expect(sandbox.recorder.refusedConnectionCount >= 1)
        try await Task.sleep(for: .milliseconds(300))
        // Mutable access copies an array's storage only when something else still shares it.
        let shared = payload.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        let own = payload.withUnsafeMutableBufferPointer { UnsafeRawPointer($0.baseAddress) }
        #expect(shared == own, "the payload's storage is still referenced after verify returned")
    }
}
