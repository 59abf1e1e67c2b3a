/// The base64 (optionally `base64:`-prefixed and form-escaped) of in-memory bytes or a file, as
/// an `AsyncSequence` of byte chunks for a streamed HTTP body.
///
/// Memory stays bounded whatever the input size: each step reads `chunkSize` input bytes
/// (64 KiB by default) and yields their encoding, about 4/3 of that (a little more when
/// escaped). The total is known before the first byte goes out, from ``contentLength()``.
///
/// ```swift
/// let body = Base64ChunkSequence(fileAt: "/tmp/clip.mp4", formEscaped: true)
/// let length = try body.contentLength()          // exact Content-Length of this part
/// for try await chunk in body { try await writer.write(chunk) }
/// ```
///
/// Iteration checks for task cancellation before each chunk.
public struct Base64ChunkSequence: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    enum Source: Sendable {
        case bytes([UInt8])
        case file(String)
    }

    let source: Source
    /// Whether the first chunk starts with `base64:` (`base64%3A` when escaped).
    public let prefix: Bool
    /// Whether `+ / =` are form-escaped.
    public let formEscaped: Bool
    /// Input bytes per chunk.
    public let chunkSize: Int

    /// Encodes in-memory bytes (the array is shared, not copied).
    public init(bytes: [UInt8], prefix: Bool = true, formEscaped: Bool = false, chunkSize: Int = 65536) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.source = .bytes(bytes)
        self.prefix = prefix
        self.formEscaped = formEscaped
        self.chunkSize = chunkSize
    }

    /// Encodes a file, read front to back in `chunkSize` pieces while iterating. Errors opening
    /// or reading it (``PayloadFileError``) are thrown from the iteration.
    public init(fileAt path: String, prefix: Bool = true, formEscaped: Bool = false, chunkSize: Int = 65536) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.source = .file(path)
        self.prefix = prefix
        self.formEscaped = formEscaped
        self.chunkSize = chunkSize
    }

    var prefixBytes: [UInt8] {
        guard prefix else { return [] }
        return formEscaped ? VideoData.formEscapedPrefixBytes : VideoData.prefixBytes
    }

    /// Exact number of bytes the sequence yields in total. For an escaped file this reads the
    /// file once (bounded memory) to count `+` and `/`.
    public func contentLength() throws(PayloadFileError) -> Int {
        switch source {
        case .bytes(let bytes):
            let body = formEscaped ? FormEscaper.escapedBase64Length(of: bytes) : Base64.encodedLength(byteCount: bytes.count)
            return prefixBytes.count + body
        case .file(let path):
            let value = formEscaped ? try VideoData.formEscapedValueLength(ofFileAt: path)
                                    : try VideoData.valueLength(ofFileAt: path)
            let fullPrefix = formEscaped ? VideoData.formEscapedPrefixBytes.count : VideoData.prefixBytes.count
            return value - fullPrefix + prefixBytes.count
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(sequence: self)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private let source: Source
        private let chunkSize: Int
        private var encoder: Base64StreamEncoder
        private var pendingPrefix: [UInt8]
        private var offset = 0
        private var reader: FileByteReader?
        private var readBuffer: [UInt8] = []
        private var done = false

        init(sequence: Base64ChunkSequence) {
            source = sequence.source
            chunkSize = sequence.chunkSize
            encoder = Base64StreamEncoder(formEscaped: sequence.formEscaped)
            pendingPrefix = sequence.prefixBytes
        }

        public mutating func next() async throws -> [UInt8]? {
            // An input of 1-2 bytes encodes to nothing until finish: never yield an empty chunk.
            while !done {
                try Task.checkCancellation()
                if let chunk = try nextChunk(), !chunk.isEmpty { return chunk }
            }
            return nil
        }

        private mutating func nextChunk() throws(PayloadFileError) -> [UInt8]? {
            switch source {
            case .bytes(let bytes):
                let end = offset + Swift.min(chunkSize, bytes.count - offset)
                let chunk = bytes.withUnsafeBytes { all in
                    encodeChunk(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                }
                offset = end
                return chunk
            case .file(let path):
                if reader == nil {
                    reader = try FileByteReader(path: path)
                    readBuffer = [UInt8](repeating: 0, count: chunkSize)
                }
                let reader = reader!
                let count = try reader.read(into: &readBuffer)
                return readBuffer.withUnsafeBytes { encodeChunk(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
        }

        /// Encodes one input chunk; an empty chunk means end of input and flushes the tail.
        private mutating func encodeChunk(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
            let head = pendingPrefix
            pendingPrefix = []
            if input.isEmpty {
                done = true
                reader = nil
                readBuffer = []
                var out = head
                encoder.finish(appendingTo: &out)
                return out.isEmpty ? nil : out
            }
            let room = encoder.maxOutputLength(forInputLength: input.count)
            return [UInt8](unsafeUninitializedCapacity: head.count + room) { buffer, count in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                head.withUnsafeBytes { raw.copyMemory(from: $0) }
                count = head.count + encoder.encode(input, into: UnsafeMutableRawBufferPointer(rebasing: raw[head.count...]))
            }
        }
    }
}
