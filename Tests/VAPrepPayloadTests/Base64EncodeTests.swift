import Foundation
import Testing
@testable import VAPrepPayload

@Suite("One-shot encoding against Foundation", .serialized)
struct Base64EncodeTests {
    @Test("every length 0...4096 on every kernel")
    func everyLengthEveryKernel() throws {
        let source = randomBytes(4096, seed: 1)
        try forEachKernel { kernel in
            for length in 0...4096 {
                let input = Array(source[..<length])
                let ours = Base64.encode(input)
                if ours != foundationBase64(input) {
                    Issue.record("kernel \(kernel), length \(length): output differs from Foundation")
                    return
                }
            }
        }
    }

    @Test("random inputs up to 3 MiB on every kernel", arguments: [3 * 1024 * 1024 + 1, 1_000_003, 65536, 65537, 65538])
    func largeRandom(size: Int) throws {
        let input = randomBytes(size, seed: UInt64(size))
        let expected = foundationBase64(input)
        try forEachKernel { kernel in
            #expect(Base64.encode(input) == expected, "kernel \(kernel)")
        }
    }

    @Test("all 256 byte values and the characters they produce")
    func allByteValues() {
        // 255 bytes = 85 whole groups, so the specials start a group. 0xFF runs give '/', 0xFB 0xEF 0xBE gives '+' '+' '+' '+': both specials appear.
        let input = (0...254).map(UInt8.init) + [0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE]
        let ours = Base64.encode(input)
        #expect(ours == foundationBase64(input))
        #expect(String(decoding: ours.suffix(8), as: UTF8.self) == "////++++")
    }

    @Test("Data, raw pointer, String and into-buffer forms agree")
    func overloads() {
        let input = randomBytes(1000, seed: 7)
        let expected = foundationBase64(input)
        #expect(Base64.encode(Data(input)) == expected)
        #expect(input.withUnsafeBytes { Base64.encode($0) } == expected)
        #expect(Base64.encodeToString(input) == String(decoding: expected, as: UTF8.self))
        var buffer = [UInt8](repeating: 0xAA, count: Base64.encodedLength(byteCount: 1000) + 8)
        let written = input.withUnsafeBytes { i in buffer.withUnsafeMutableBytes { Base64.encode(i, into: $0) } }
        #expect(written == expected.count)
        #expect(Array(buffer[..<written]) == expected)
        // Writes exactly the encoded length: the bytes after it are untouched.
        #expect(buffer[written...].allSatisfy { $0 == 0xAA })
    }

    @Test("encodedLength is the padded length", arguments: [0, 1, 2, 3, 4, 5, 6, 1_000_000])
    func encodedLength(count: Int) {
        #expect(Base64.encodedLength(byteCount: count) == foundationBase64(randomBytes(count, seed: 3)).count)
    }

    @Test("kernels: forcing, querying, and refusing what the CPU cannot run")
    func kernelSelection() throws {
        defer { try? Base64Kernel.force(.auto) }
        #expect(Base64Kernel.supported.contains(.scalar))
        for kernel in Base64Kernel.supported {
            try Base64Kernel.force(kernel)
            #expect(Base64Kernel.active == kernel)
        }
        try Base64Kernel.force(.auto)
        #expect(Base64Kernel.active != .auto)
        #expect(Base64Kernel.active == Base64Kernel.supported.last)
        #if arch(x86_64)
        #expect(throws: Base64KernelError.unsupported(.neon)) { try Base64Kernel.force(.neon) }
        #expect(Base64Kernel.active == Base64Kernel.supported.last, "a refused force leaves the kernel as it was")
        #elseif arch(arm64)
        #expect(throws: Base64KernelError.unsupported(.avx2)) { try Base64Kernel.force(.avx2) }
        #endif
    }
}
