import Logging
import NIOCore
import NIOHTTP1

/// Serves the requests of one TCP connection, applying the socket-level faults
/// (`drop-before-body`, `drop-after-body`) that only raw NIO lets us script, and the
/// limits of ``SandboxLimits``: idle and request read timeouts (a ``ConnectionWatchdog``)
/// and a hard stop at `maxBodyBytes`.
struct SandboxConnection: Sendable {
    let responder: SandboxResponder
    let recorder: SandboxRecorder
    let maxBodyBytes: Int
    let limits: SandboxLimits
    let logger: Logger

    private struct Pending {
        var head: HTTPRequestHead
        var index: Int
        var fault: SandboxFault?
        var faultError: SandboxFaultParseError?
        var body: [UInt8] = []
        var received = 0
    }

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let watchdog = ConnectionWatchdog()
        watchdog.arm(limits.idleTimeout)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await watchdog.watch(connection.channel) }
            await serveRequests(connection, watchdog: watchdog)
            group.cancelAll()
        }
        if watchdog.didFire {
            recorder.connectionTimedOut()
            logger.debug("sandbox: connection closed by the idle or read timeout")
        }
    }

    private func serveRequests(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, watchdog: ConnectionWatchdog) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending: Pending?
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        // The head is here (the idle timeout bounded its arrival); now the body must arrive in time.
                        watchdog.arm(limits.requestReadTimeout)
                        let declared = head.headers.first(name: "Content-Length").flatMap(Int.init)
                        let faultHeader = head.headers.first(name: SandboxFault.headerName)
                        let index = recorder.begin(
                            method: head.method.rawValue, path: head.uri,
                            declaredContentLength: declared, faultHeader: faultHeader,
                            requestID: head.headers.first(name: "X-Request-ID")
                        )
                        if let declared, declared > maxBodyBytes {
                            // Refused before a byte of the body is read.
                            try await refuseOversizedBody(index: index, received: 0, to: outbound)
                            return
                        }
                        var request = Pending(head: head, index: index)
                        if let faultHeader {
                            do {
                                let fault = try SandboxFault(header: faultHeader)
                                // fail-times=N: the fault applies to the first N requests with this header only.
                                if let times = fault.failTimes, recorder.occurrence(ofFault: faultHeader) >= times {
                                    request.fault = nil
                                } else {
                                    request.fault = fault
                                }
                            } catch let error as SandboxFaultParseError {
                                request.faultError = error
                            } catch {
                                request.faultError = SandboxFaultParseError(item: faultHeader)
                            }
                        }
                        if request.fault?.dropBeforeBody == true {
                            logger.debug("sandbox: drop-before-body", metadata: ["request": "\(index)"])
                            return
                        }
                        pending = request
                    case .body(let buffer):
                        guard var request = pending else { continue }
                        request.received += buffer.readableBytes
                        guard request.received <= maxBodyBytes else {
                            // A body that never ends (chunked) or lies about its length: stop reading here.
                            try await refuseOversizedBody(index: request.index, received: request.received, to: outbound)
                            return
                        }
                        request.body.append(contentsOf: buffer.readableBytesView)
                        pending = request
                    case .end:
                        guard let request = pending else { continue }
                        pending = nil
                        watchdog.disarm()
                        recorder.update(request.index) { $0.receivedBodyBytes = request.received }
                        let answer: SandboxResponder.Answer
                        if let faultError = request.faultError {
                            answer = .http(status: 400, contentType: "text/plain", body: Array("\(faultError)\n".utf8))
                        } else {
                            answer = await responder.answer(
                                recordIndex: request.index, method: request.head.method.rawValue, path: request.head.uri,
                                contentType: request.head.headers.first(name: "Content-Type"), body: request.body, fault: request.fault
                            )
                        }
                        guard try await write(answer, to: outbound) else {
                            logger.debug("sandbox: drop-after-body", metadata: ["request": "\(request.index)"])
                            return
                        }
                        if !request.head.isKeepAlive { return }
                        watchdog.arm(limits.idleTimeout)
                    }
                }
            }
        } catch {
            logger.debug("sandbox connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Answers 413 and returns, so the caller closes the connection: the rest of the body is never read.
    private func refuseOversizedBody(index: Int, received: Int, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        recorder.update(index) { $0.receivedBodyBytes = received }
        logger.debug("sandbox: body over the cap", metadata: ["request": "\(index)", "maxBodyBytes": "\(maxBodyBytes)"])
        try await writeComplete(
            status: 413, contentType: "text/plain", body: Array("(sandbox) body over \(maxBodyBytes) bytes; not read\n".utf8),
            close: true, to: outbound)
    }

    /// Writes `answer`; false means "close the connection without answering".
    private func write(_ answer: SandboxResponder.Answer, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws -> Bool {
        switch answer {
        case .drop:
            return false
        case .json(let bytes), .truncatedJSON(let bytes):
            try await writeComplete(status: 200, contentType: "application/json;charset=utf-8", body: bytes, to: outbound)
        case .http(let status, let contentType, let body):
            try await writeComplete(status: status, contentType: contentType, body: body, to: outbound)
        case .oversized:
            // No Content-Length: the encoder switches to chunked, so the client can only
            // notice the size while reading — the path its byte limit has to guard.
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json;charset=utf-8")
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "{\"error_code\":0,\"reason\":\""))))
            let filler = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
            for _ in 0..<32 { try await outbound.write(.body(.byteBuffer(filler))) }
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "\"}"))))
            try await outbound.write(.end(nil))
        }
        return true
    }

    private func writeComplete(
        status: Int, contentType: String, body: [UInt8], close: Bool = false, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if close { headers.add(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        try await outbound.write(.end(nil))
    }
}
