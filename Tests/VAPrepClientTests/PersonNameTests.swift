import Testing
@testable import VAPrepClient

@Suite("PersonName: local name checks")
struct PersonNameTests {
    @Test("accepted names and their normalised form", arguments: [
        ("张三", "张三"),
        (" 张三 ", "张三"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提•艾力", "买买提·艾力"),          // bullet from an input method → U+00B7
        ("买买提・艾力", "买买提·艾力"),          // katakana middle dot → U+00B7
        ("𠮷田", "𠮷田"),                       // extension B character
        ("JOHN SMITH", "JOHN SMITH"),
        ("Anna Maria de Souza", "Anna Maria de Souza"),
    ])
    func accepted(input: String, normalised: String) throws {
        #expect(try PersonName(input).value == normalised)
    }

    @Test("refused names name the problem", arguments: [
        ("", NameProblem.empty),
        ("   ", .empty),
        ("张", .wrongLength(1, allowed: PersonName.chineseLengthRange)),
        ("张\u{0007}三", .controlCharacter),
        ("张\u{200B}三", .controlCharacter),        // zero-width space from copy-paste
        ("张三\n", .controlCharacter),
        ("张 三", .mixedScripts),
        ("张三A", .mixedScripts),
        ("·张三", .misplacedMiddleDot),
        ("张三·", .misplacedMiddleDot),
        ("张··三", .misplacedMiddleDot),
        ("John  Smith", .repeatedSpaces),
        ("Jöhn Smith", .unsupportedCharacters),
        ("J0hn", .unsupportedCharacters),
        ("A", .wrongLength(1, allowed: PersonName.latinLengthRange)),
        (String(repeating: "张", count: 31), .wrongLength(31, allowed: PersonName.chineseLengthRange)),
        (String(repeating: "A", count: 61), .wrongLength(61, allowed: PersonName.latinLengthRange)),
    ])
    func refused(input: String, problem: NameProblem) {
        #expect(throws: problem) { try PersonName(input) }
    }

    @Test("messages never repeat the name")
    func messagesArePIIFree() {
        do {
            _ = try PersonName("张三A")
            Issue.record("expected a NameProblem")
        } catch {
            #expect(!error.description.contains("张三"))
        }
    }
}
