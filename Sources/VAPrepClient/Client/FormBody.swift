import NIOCore
import Foundation
import VAPrepPayload

/// The request body: the small fields, then `&videoData=`, then the form-escaped
/// `base64:`+base64 of the MP4 produced chunk by chunk, so the body never exists as a
/// second full copy in memory (a 7 MB clip would otherwise cost ~9.5 MB more per call).
struct FormBody: Sendable {
    /// `key=…&realname=…&idcard=…&rate_type=…&videoData=`; every value WHATWG-serialized.
    let head: [UInt8]
    let payload: [UInt8]
    /// Exact length of the escaped `videoData` value, from the payload module's fast counting pass.
    let valueLength: Int

    init(apiKey: String, name: PersonName, idNumber: ResidentIDNumber, rateType: RateType, payload: [UInt8]) {
        var head = FormURLEncoding.encode([
            ("key", apiKey), ("realname", name.value), ("idcard", idNumber.value), ("rate_type", String(rateType.rawValue)),
        ])
        head += Array("&videoData=".utf8)
        self.head = head
        self.payload = payload
        valueLength = VideoData.formEscapedValueLength(of: payload)
    }

    /// The exact `Content-Length`.
    var contentLength: Int { head.count + valueLength }

    /// The body of one attempt, handed to AsyncHTTPClient; the attempt closes it when it ends.
    func makeAttempt(progress: UploadProgress) -> AttemptBody {
        AttemptBody(head: head, chunks: Base64ChunkSequence(bytes: payload, prefix: true, formEscaped: true), progress: progress)
    }
}

/// One attempt's request body: the form head, then the escaped `videoData` chunk by chunk.
///
/// The attempt that made it calls ``close()`` when it ends, which drops the chunk iterator and
/// with it the attempt's reference to the payload. AsyncHTTPClient 1.37 needs this: when a
/// server answers (a 503 at its connection cap, say) while the body is still being written, the
/// client's body-writing task waits for write demand that never comes and stays suspended,
/// holding this body, for the life of the process. Closed, the body holds nothing of the clip;
/// the stalled task keeps only the one chunk it was writing (about 128 KiB) and the client's
/// own request objects.
final class AttemptBody: @unchecked Sendable {
    private enum State {
        case ready(head: [UInt8]?, chunks: Base64ChunkSequence.AsyncIterator)
        /// A `next()` has the iterator; it puts it back unless the body was closed meanwhile.
        case producing
        case closed
    }

    /// Thrown to AsyncHTTPClient when it asks for more body after the attempt ended.
    struct AttemptEnded: Error {}

    private let lock = NSLock()
    /// Guarded by `lock`; AsyncHTTPClient calls `next()` from one task at a time.
    private var state: State
    private let progress: UploadProgress

    init(head: [UInt8], chunks: Base64ChunkSequence, progress: UploadProgress) {
        state = .ready(head: head, chunks: chunks.makeAsyncIterator())
        self.progress = progress
    }

    /// The sequence for `HTTPClientRequest.Body.stream`.
    var sequence: Sequence { Sequence(body: self) }

    /// Ends the attempt's use of the body: the payload is released, a later `next()` throws.
    func close() {
        lock.withLock { state = .closed }
    }

    fileprivate func next() async throws -> ByteBuffer? {
        let taken = lock.withLock { () -> (head: [UInt8]?, chunks: Base64ChunkSequence.AsyncIterator)? in
            guard case .ready(let head, let chunks) = state else { return nil }
            state = .producing
            return (head, chunks)
        }
        guard let (head, taken) = taken else { throw AttemptEnded() }
        var chunks = taken
        if let head {
            putBack(chunks)
            progress.handedOver(head.count)
            return ByteBuffer(bytes: head)
        }
        let chunk: [UInt8]?
        do { chunk = try await chunks.next() } catch {
            close()
            throw error
        }
        putBack(chunks)
        guard let chunk else { return nil }
        progress.handedOver(chunk.count)
        return ByteBuffer(bytes: chunk)
    }

    /// Returns the iterator after a `next()`, the head already sent, unless the body was closed meanwhile.
    private func putBack(_ chunks: Base64ChunkSequence.AsyncIterator) {
        lock.withLock {
            if case .producing = state { state = .ready(head: nil, chunks: chunks) }
        }
    }

    struct Sequence: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let body: AttemptBody

        func makeAsyncIterator() -> Iterator { Iterator(body: body) }

        struct Iterator: AsyncIteratorProtocol {
            let body: AttemptBody
            mutating func next() async throws -> ByteBuffer? { try await body.next() }
        }
    }
}

/// Counts the body bytes handed to AsyncHTTPClient during one attempt.
///
/// This is what decides whether a failed attempt may be retried: until the last body byte
/// is handed over the server cannot hold a complete request (the `Content-Length` is exact),
/// so it cannot have processed or charged it. Once everything was handed over, a failure
/// leaves the outcome unknown.
///
/// "Handed over" is counted when the body sequence yields a chunk, which is *before*
/// AsyncHTTPClient writes it to the socket: the count can only run ahead of the wire, never
/// behind it, so an error is at worst called "may have been charged" when it was not —
/// never the other way round.
final class UploadProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = 0
    private var completedAt: Date?
    let expected: Int

    init(expected: Int) { self.expected = expected }

    func handedOver(_ count: Int) {
        lock.lock()
        bytes += count
        if bytes >= expected, completedAt == nil { completedAt = Date() }
        lock.unlock()
    }

    /// When the last body byte was handed over; nil while the body is incomplete.
    var bodySentAt: Date? {
        lock.lock()
        defer { lock.unlock() }
        return completedAt
    }

    var handedOverBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }

    /// All body bytes were handed to the connection.
    var bodySent: Bool { handedOverBytes >= expected }
}
