import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

@Suite("VideoAuthClient: retries, transport failures, deadline, cancellation")
struct ClientTransportTests {
    @Test("10012 is retried with backoff until it clears")
    func retriesRateLimit() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "code=10012; fail-times=2") { sandbox, client in
            let result = try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            #expect(result.livenessPassed)
            #expect(sandbox.recorder.requestCount == 3)
            #expect(sandbox.recorder.records.map(\.answeredErrorCode) == [10012, 10012, 0])
        }
    }

    @Test("retries are bounded by maxAttempts")
    func retriesAreBounded() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "code=10020") { sandbox, client in
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
        let endpoint = try await Fixtures.refusedEndpoint()
        let configuration = Fixtures.configuration(endpoint: endpoint, logger: capture.logger("client"))
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

    @Test("a connection closed right after the head never yields a result and is never answered")
    func dropBeforeBody() async throws {
        let mp4 = try Fixtures.mp4()
        try await Fixtures.withSandbox(fault: "drop-before-body") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            // Whether the client had handed over its last body byte when the close arrived is a
            // race; either way it must be a transport error, retried only if the body was incomplete.
            let classification = try #require(error?.classification)
            #expect(classification == .transportRetryable || classification == .outcomeUnknown)
            if classification == .outcomeUnknown { #expect(error?.attempts == 1) }
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
        try await Fixtures.withSandbox(deadline: .milliseconds(400), fault: "delay=5000") { sandbox, client in
            let error = await expectVideoAuthError { try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4) }
            #expect(error?.kind == .deadlineExceeded(bodySent: true))
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
