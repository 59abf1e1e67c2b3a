import Foundation
import Testing
@testable import VAPrepPayload

@Suite("Base64ChunkSequence: bounded chunks, exact total")
struct Base64ChunkSequenceTests {
    func collect(_ sequence: Base64ChunkSequence) async throws -> (bytes: [UInt8], chunkSizes: [Int]) {
        var all: [UInt8] = []
        var sizes: [Int] = []
        for try await chunk in sequence {
            all += chunk
            sizes.append(chunk.count)
        }
        return (all, sizes)
    }

    @Test("from bytes: prefix and escaping options, chunk sizes, contentLength", arguments: [false, true])
    func fromBytes(formEscaped: Bool) async throws {
        for size in [0, 1, 2, 3, 1000, 65536, 200_003] {
            let input = randomBytes(size, seed: UInt64(size) + 80)
            for prefix in [false, true] {
                let sequence = Base64ChunkSequence(bytes: input, prefix: prefix, formEscaped: formEscaped, chunkSize: 4096)
                let (bytes, sizes) = try await collect(sequence)
                let body = formEscaped ? FormEscaper.encodeEscaped(input) : foundationBase64(input)
                let head: [UInt8] = prefix ? Array((formEscaped ? VideoData.formEscapedPrefix : VideoData.prefix).utf8) : []
                #expect(bytes == head + body, "size \(size) prefix \(prefix)")
                #expect(try sequence.contentLength() == bytes.count)
                let bound = head.count + (formEscaped ? 3 : 1) * Base64.encodedLength(byteCount: 4096 + 2)
                #expect(sizes.allSatisfy { $0 <= bound && $0 > 0 })
            }
        }
    }

    @Test("from a multi-MiB file: chunks stay bounded and the output decodes to the file")
    func fromFile() async throws {
        let file = try TempFile(mebibytes: 5, seed: 90)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
        let chunkSize = 65536
        for formEscaped in [false, true] {
            let sequence = Base64ChunkSequence(fileAt: file.path, formEscaped: formEscaped, chunkSize: chunkSize)
            let (bytes, sizes) = try await collect(sequence)
            #expect(try sequence.contentLength() == bytes.count)
            let maxChunk = VideoData.formEscapedPrefix.utf8.count + (formEscaped ? 3 : 1) * Base64.encodedLength(byteCount: chunkSize + 2)
            #expect(sizes.max()! <= maxChunk)
            #expect(sizes.count >= 5 * 1024 * 1024 / chunkSize)
            if formEscaped {
                #expect(Array(bytes.prefix(9)) == Array("base64%3A".utf8))
                #expect(formDecode(Array(bytes.dropFirst(9))) == original)
            } else {
                #expect(Array(bytes.prefix(7)) == Array("base64:".utf8))
                #expect(try Base64.decode(Array(bytes.dropFirst(7))) == original)
            }
        }
    }

    @Test("a chunk size larger than the input gives the whole value in one chunk")
    func hugeChunkSize() async throws {
        let input = randomBytes(1000, seed: 85)
        let (bytes, sizes) = try await collect(Base64ChunkSequence(bytes: input, chunkSize: .max))
        #expect(sizes.count == 2)   // the whole groups, then the tail with padding
        #expect(bytes == VideoData.value(of: input))
    }

    @Test("a file that cannot be opened throws from the iteration")
    func missingFile() async throws {
        let sequence = Base64ChunkSequence(fileAt: "/nonexistent-\(UUID().uuidString)")
        await #expect(throws: PayloadFileError.self) { _ = try await collect(sequence) }
        #expect(throws: PayloadFileError.self) { try sequence.contentLength() }
    }

    @Test("iteration stops with CancellationError when the task is cancelled")
    func cancellation() async throws {
        let input = randomBytes(1 << 20, seed: 95)
        let task = Task {
            var chunks = 0
            for try await _ in Base64ChunkSequence(bytes: input, chunkSize: 1024) {
                chunks += 1
                if chunks == 3 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return chunks
        }
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
