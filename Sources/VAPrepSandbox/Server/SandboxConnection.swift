import Logging
import NIOCore
import NIOHTTP1

/// Serves the requests of one TCP connection, applying the socket-level faults
/// (`drop-before-body`, `drop-after-body`) that only raw NIO lets us script.
struct SandboxConnection: Sendable {
    let responder: SandboxResponder
    let recorder: SandboxRecorder
    let maxBodyBytes: Int
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
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending: Pending?
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        let faultHeader = head.headers.first(name: SandboxFault.headerName)
                        let index = recorder.begin(
                            method: head.method.rawValue, path: head.uri,
                            declaredContentLength: head.headers.first(name: "Content-Length").flatMap(Int.init), faultHeader: faultHeader
                        )
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
                        if request.received <= maxBodyBytes { request.body.append(contentsOf: buffer.readableBytesView) }
                        pending = request
                    case .end:
                        guard let request = pending else { continue }
                        pending = nil
                        recorder.update(request.index) { $0.receivedBodyBytes = request.received }
                        let answer: SandboxResponder.Answer
                        if request.received > maxBodyBytes {
                            answer = .http(status: 413, contentType: "text/plain", body: Array("body over \(maxBodyBytes) bytes\n".utf8))
                        } else if let faultError = request.faultError {
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
                    }
                }
            }
        } catch {
            logger.debug("sandbox connection ended", metadata: ["error": "\(error)"])
        }
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

    private func writeComplete(status: Int, contentType: String, body: [UInt8], to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        try await outbound.write(.end(nil))
    }
}
