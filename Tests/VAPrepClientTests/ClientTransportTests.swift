import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("VideoAuthClient: retries, transport failures, deadline, cancellation")
struct ClientTransportTests {
    @Test("with retriesVendorRefusals, 10012 is retried with backoff until it clears")
    func retriesRateLimit() async throws {
        let mp4 = try Fixtures.mp4()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), retriesVendorRefusals: true)
        try await Fixtures.withSandbox(retry: policy, fault: "code=10012; fail-times=2") { sandbox, client in
            let result = try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            #expect(result.livenessPassed)
            #expect(sandbox.recorder.requestCount == 3)
            #expect(sandbox.recorder.records.map(\.answeredErrorCode) == [10012, 10012, 0])
        }
    }

    @Test("retries are bounded by maxAttempts")
    func retriesAreBounded() async throws {
        let mp4 = try Fixtures.mp4()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), retriesVendorRefusals: true)
        try await Fixtures.withSandbox(retry: policy, fault: "code=10020") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.classification == .maintenance)
            #expect(error?.attempts == 3)
            #expect(sandbox.recorder.requestCount == 3)
        }
    }

    @Test("a refused connection (nothing listening) is retried: nothing can have been charged")
    func refusedConnectionIsRetried() async throws {
        let mp4 = try Fixtures.mp4()
        let capture = LogCapture()
        let (endpoint, port) = Fixtures.refusedEndpoint()
        defer { withExtendedLifetime(port) {} }
        var configuration = Fixtures.configuration(endpoint: endpoint, logger: capture.logger("client"))
        // AsyncHTTPClient keeps re-trying a refused connect within one attempt until the connect
        // timeout, so this bounds each attempt.
        configuration.connectTimeout = .seconds(1)
        let error = await expectVideoAuthError {
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
        }
        guard case .transportBeforeSend = error?.kind else {
            Issue.record("expected transportBeforeSend, got \(String(describing: error))")
            return
        }
        #expect(error?.classification == .transportRetryable)
        #expect(error?.attempts == 3)
        #expect(error?.mayHaveBeenCharged == false)
        #expect(capture.all.filter { $0.contains("retrying") }.count == 2)
    }

    @Test("a connection dropped after the whole body was sent is NOT retried: outcome unknown")
    func dropAfterBodyIsNotRetried() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "drop-after-body") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            guard case .outcomeUnknown = error?.kind else {
                Issue.record("expected outcomeUnknown, got \(String(describing: error))")
                return
            }
            #expect(error?.attempts == 1)
            #expect(error?.mayHaveBeenCharged == true)
            #expect(error?.description.contains("MAY HAVE BEEN CHARGED") == true)
            #expect(sandbox.recorder.requestCount == 1)
            #expect(sandbox.recorder.records.first?.receivedBodyBytes == sandbox.recorder.records.first?.declaredContentLength)
        }
    }

    @Test("a connection closed right after the head, before a 6 MB body could be sent, is retried")
    func dropBeforeBodyIsRetried() async throws {
        // Large enough that the server's close (an RST, since it leaves the body unread) arrives
        // long before the client has handed over the last byte; the sandbox refuses it as no video.
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(6 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        try await Fixtures.withSandbox(fault: "drop-before-body") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: payload) }
            guard case .transportBeforeSend = error?.kind else {
                Issue.record("expected transportBeforeSend, got \(String(describing: error))")
                return
            }
            #expect(error?.attempts == 3)
            #expect(error?.mayHaveBeenCharged == false)
            #expect(sandbox.recorder.requestCount == 3)
            #expect(sandbox.recorder.records.allSatisfy { $0.answeredErrorCode == nil })
        }
    }

    @Test("a small body already handed over when the close arrives counts as sent: not retried")
    func dropBeforeBodySmall() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "drop-before-body") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            // A few KB fit in the socket buffer at once, so the client cannot tell this from a
            // drop after the body: it must take the safe side and never retry on its own.
            let classification = try #require(error?.classification)
            #expect(classification == .transportRetryable || classification == .outcomeUnknown)
            // Earlier attempts may have failed before sending (and been retried, rightly); the
            // one that ends the call decides whether a charge is possible.
            #expect(error?.mayHaveBeenCharged == (classification == .outcomeUnknown))
            #expect(sandbox.recorder.records.allSatisfy { $0.answeredErrorCode == nil })
        }
    }

    @Test("HTTP 500 with an HTML page after the body was sent: typed, not retried")
    func http500() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "http500-html") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .badHTTPStatus(500, bodySent: true))
            #expect(error?.classification == .outcomeUnknown)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("truncated JSON is a malformed answer, not retried")
    func truncatedJSON() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "truncated-json") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            guard case .malformedResponse = error?.kind else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(error?.attempts == 1)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("an oversized (chunked) answer is refused at maxResponseBytes")
    func oversized() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "oversized", adjust: { $0.maxResponseBytes = 64 * 1024 }) { _, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .responseTooLarge(limit: 64 * 1024))
            #expect(error?.attempts == 1)
        }
    }

    @Test("the total deadline is respected with a slow server")
    func deadline() async throws {
        let mp4 = try Fixtures.mp4()
        // 2 s is ample to send a few KB on 127.0.0.1 even on a loaded machine; the server waits 20 s.
        try await Fixtures.withSandbox(deadline: .seconds(2), fault: "delay=20000") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .deadlineExceeded(bodySent: true))
            #expect(error?.classification == .outcomeUnknown)
            #expect(error?.mayHaveBeenCharged == true)
            #expect(error?.attempts == 1)
        }
    }

    @Test("cancelling the calling task cancels the request")
    func cancellation() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "delay=20000") { sandbox, client in
            let task = Task { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            // Wait (bounded) until the sandbox has the whole body, then cancel.
            for _ in 0..<500 where sandbox.recorder.records.first?.receivedBodyBytes ?? 0 == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(sandbox.recorder.records.first?.receivedBodyBytes ?? 0 > 0)
            task.cancel()
            let error = await expectVideoAuthError { try await task.value }
            #expect(error?.kind == .cancelled(bodySent: true))
            #expect(error?.classification == .cancelled)
        }
    }
}
