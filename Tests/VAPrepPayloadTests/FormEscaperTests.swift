import Foundation
import Testing
@testable import VAPrepPayload

@Suite("Form escaping and exact escaped sizes", .serialized)
struct FormEscaperTests {
    @Test("escaped output percent-decodes then base64-decodes to the input, every kernel, lengths 0...1500")
    func decodesBack() throws {
        let source = randomBytes(1500, seed: 31)
        try forEachKernel { kernel in
            for length in 0...1500 {
                let input = Array(source[..<length])
                let escaped = FormEscaper.encodeEscaped(input)
                guard formDecode(escaped) == input else {
                    Issue.record("kernel \(kernel) length \(length): escaped output does not decode back")
                    return
                }
                guard escaped.count == FormEscaper.escapedBase64Length(of: input) else {
                    Issue.record("kernel \(kernel) length \(length): exact length \(FormEscaper.escapedBase64Length(of: input)) != \(escaped.count)")
                    return
                }
            }
        }
    }

    @Test("only + / = are escaped; the text equals escaping Foundation's base64")
    func matchesEscapedFoundation() throws {
        let input = randomBytes(100_000, seed: 32)
        let reference = Array(Data(input).base64EncodedString()
            .replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F")
            .replacingOccurrences(of: "=", with: "%3D").utf8)
        try forEachKernel { kernel in
            #expect(FormEscaper.encodeEscaped(input) == reference, "kernel \(kernel)")
        }
    }

    @Test("specials at every position of a SIMD block, and inputs that are all specials")
    func denseSpecials() throws {
        // 0xFB 0xEF 0xBE encodes to "++++", 0xFF 0xFF 0xFF to "////": worst-case expansion.
        let plus: [UInt8] = [0xFB, 0xEF, 0xBE]
        let allPlus = Array([[UInt8]](repeating: plus, count: 400).joined())
        let allSlash = [UInt8](repeating: 0xFF, count: 1201)
        var mixed = randomBytes(3000, seed: 33)
        for i in stride(from: 0, to: mixed.count - 3, by: 7) { mixed[i] = 0xFF }
        try forEachKernel { kernel in
            for input in [allPlus, allSlash, mixed] {
                let escaped = FormEscaper.encodeEscaped(input)
                #expect(formDecode(escaped) == input, "kernel \(kernel)")
                #expect(escaped.count == FormEscaper.escapedBase64Length(of: input), "kernel \(kernel)")
            }
            #expect(FormEscaper.escapedBase64Length(of: allPlus) == 1600 * 3)
        }
    }

    @Test("an exact-size output buffer is enough (the kernel falls back to exact writes at the end)")
    func exactBuffer() throws {
        try forEachKernel { kernel in
            for size in [0, 1, 2, 31, 32, 33, 95, 96, 97, 500, 4097] {
                let input = randomBytes(size, seed: UInt64(size) + 40)
                let exact = FormEscaper.escapedBase64Length(of: input)
                var buffer = [UInt8](repeating: 0, count: exact)
                let written = input.withUnsafeBytes { i in buffer.withUnsafeMutableBytes { FormEscaper.encodeEscaped(i, into: $0) } }
                #expect(written == exact, "kernel \(kernel) size \(size)")
                #expect(formDecode(buffer) == input, "kernel \(kernel) size \(size)")
            }
        }
    }

    @Test("the +/ count comes out the same on every kernel and matches the text", arguments: [0, 1, 2, 3, 47, 48, 49, 1536, 1545, 100_001])
    func plusSlashCount(size: Int) throws {
        let input = randomBytes(size, seed: UInt64(size) + 50)
        let expected = foundationBase64(input).filter { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") }.count
        try forEachKernel { kernel in
            #expect(input.withUnsafeBytes { FormEscaper.plusSlashCount(of: $0) } == expected, "kernel \(kernel)")
        }
    }

    @Test("escape() of existing text also escapes ':'")
    func escapeText() {
        #expect(FormEscaper.escape(Array("base64:a+b/c=".utf8)) == Array("base64%3Aa%2Bb%2Fc%3D".utf8))
    }
}
