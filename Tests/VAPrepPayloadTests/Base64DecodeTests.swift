import Foundation
import Testing
@testable import VAPrepPayload

@Suite("Strict decoder")
struct Base64DecodeTests {
    @Test("round trips every length 0...600")
    func roundTrip() throws {
        let source = randomBytes(600, seed: 11)
        for length in 0...600 {
            let input = Array(source[..<length])
            #expect(try Base64.decode(Base64.encode(input)) == input, "length \(length)")
        }
    }

    @Test("decodes Foundation's output and the String overload")
    func decodesFoundation() throws {
        let input = randomBytes(4099, seed: 12)
        #expect(try Base64.decode(Data(input).base64EncodedString()) == input)
    }

    @Test("rejects a length that is not a multiple of 4", arguments: ["A", "AB", "ABC", "QUJD=", "QUJDRA="])
    func badLength(text: String) {
        #expect(throws: Base64DecodingError(reason: .length, offset: text.utf8.count)) { try Base64.decode(text) }
    }

    @Test("rejects bytes outside the alphabet and says where",
          arguments: [("QU JD", 2, UInt8(ascii: " ")), ("QUJD\nQUJD", 4, UInt8(ascii: "\n")), ("QUJ-", 3, UInt8(ascii: "-")),
                      ("QUJ_", 3, UInt8(ascii: "_")), ("QU%2B", 2, UInt8(ascii: "%")), ("QUJDRA\u{e9}=", 6, 0xC3)])
    func badCharacter(text: String, offset: Int, byte: UInt8) {
        let bytes = Array(text.utf8)
        let padded = bytes.count % 4 == 0 ? bytes : bytes + [UInt8](repeating: UInt8(ascii: "A"), count: 4 - bytes.count % 4)
        #expect(throws: Base64DecodingError(reason: .character(byte), offset: offset)) { try Base64.decode(padded) }
    }

    @Test("rejects misplaced or non-canonical padding",
          arguments: [("=AAA", 0), ("A===", 1), ("AA=A", 2), ("AAAA=AAA", 4), ("QUJD==AA", 4), ("QR==", 1), ("QUI=AAAA", 3), ("QUJ=", 2)])
    func badPadding(text: String, offset: Int) {
        #expect(throws: Base64DecodingError(reason: .padding, offset: offset)) { try Base64.decode(text) }
    }

    @Test("accepts canonical padding")
    func goodPadding() throws {
        #expect(try Base64.decode("QQ==") == Array("A".utf8))
        #expect(try Base64.decode("QUI=") == Array("AB".utf8))
        #expect(try Base64.decode("") == [])
    }

    @Test("error messages tell what to do")
    func messages() {
        #expect(Base64DecodingError(reason: .length, offset: 5).description.contains("multiple of 4"))
        #expect(Base64DecodingError(reason: .character(0x25), offset: 2).description.contains("percent-decode"))
    }
}
