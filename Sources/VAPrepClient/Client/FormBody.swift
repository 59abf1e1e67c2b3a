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

    func makeSequence(progress: UploadProgress) -> Sequence {
        Sequence(head: head, chunks: Base64ChunkSequence(bytes: payload, prefix: true, formEscaped: true), progress: progress)
    }

    struct Sequence: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let head: [UInt8]
        let chunks: Base64ChunkSequence
        let progress: UploadProgress

        func makeAsyncIterator() -> Iterator {
            Iterator(head: head, chunks: chunks.makeAsyncIterator(), progress: progress)
        }

        struct Iterator: AsyncIteratorProtocol {
            var head: [UInt8]?
            var chunks: Base64ChunkSequence.AsyncIterator
            let progress: UploadProgress

            mutating func next() async throws -> ByteBuffer? {
                if let first = head {
                    head = nil
                    progress.handedOver(first.count)
                    return ByteBuffer(bytes: first)
                }
                guard let chunk = try await chunks.next() else { return nil }
                progress.handedOver(chunk.count)
                return ByteBuffer(bytes: chunk)
            }
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
