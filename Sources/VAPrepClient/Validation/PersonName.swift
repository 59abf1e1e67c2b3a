/// A person's name as printed on the ID document, checked locally before a paid call.
///
/// Two shapes are accepted, matching what Chinese identity documents print:
/// - Chinese characters (CJK Unified Ideographs incl. extensions A–F), 2–30 of them, with
///   an optional middle dot `·` (U+00B7) between parts for minority names, e.g. `买买提·艾力`;
///   the look-alikes `•` (U+2022), `・` (U+30FB) and `．` (U+FF0E) are normalised to `·`
///   because input methods produce them and the vendor's registry stores U+00B7;
/// - Latin letters and single spaces for foreigners, 2–60 characters, e.g. `JOHN SMITH`.
///
/// ```swift
/// let name = try PersonName(" 张三 ")   // trimmed → "张三"
/// "\(name)"                           // "张*" (masked)
/// ```
public struct PersonName: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The normalised name. This is PII: send it, never log it.
    public let value: String

    public static let chineseLengthRange = 2...30
    public static let latinLengthRange = 2...60

    public init(_ string: String) throws(NameProblem) {
        if string.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            throw .controlCharacter
        }
        let trimmed = string.trimmingSpaces()
        guard !trimmed.isEmpty else { throw .empty }
        let dotVariants: Set<Unicode.Scalar> = ["\u{2022}", "\u{30FB}", "\u{FF0E}", "\u{00B7}"]
        let scalars = trimmed.unicodeScalars
        if scalars.contains(where: Self.isHan) {
            var normalised = String.UnicodeScalarView()
            for scalar in scalars {
                if Self.isHan(scalar) { normalised.append(scalar) }
                else if dotVariants.contains(scalar) { normalised.append("\u{00B7}") }
                else { throw .mixedScripts }
            }
            let result = String(normalised)
            guard Self.chineseLengthRange.contains(result.count) else {
                throw .wrongLength(result.count, allowed: Self.chineseLengthRange)
            }
            guard result.first != "\u{00B7}", result.last != "\u{00B7}", !result.contains("\u{00B7}\u{00B7}") else {
                throw .misplacedMiddleDot
            }
            value = result
        } else if scalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0 == " ") }) {
            guard !trimmed.contains("  ") else { throw .repeatedSpaces }
            guard Self.latinLengthRange.contains(trimmed.count) else {
                throw .wrongLength(trimmed.count, allowed: Self.latinLengthRange)
            }
            value = trimmed
        } else {
            throw .unsupportedCharacters
        }
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2EBEF, 0x30000...0x3134F: true
        default: false
        }
    }

    public var description: String { Masked.name(value) }
    public var debugDescription: String { "PersonName(\(Masked.name(value)))" }
}

/// Why a string is not an acceptable name. Messages never repeat the name itself.
public enum NameProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case controlCharacter
    case mixedScripts
    case unsupportedCharacters
    case misplacedMiddleDot
    case repeatedSpaces
    case wrongLength(Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .empty: "Name is empty; pass the name exactly as printed on the ID document."
        case .controlCharacter: "Name contains a control or invisible formatting character (often from copy-paste); retype it."
        case .mixedScripts: "Name mixes Chinese characters with other characters; only a middle dot · may separate the parts of a Chinese name."
        case .unsupportedCharacters: "Name must be Chinese characters (with an optional ·) or Latin letters and spaces, as printed on the ID document."
        case .misplacedMiddleDot: "Name has a middle dot · at the start, at the end, or twice in a row; it may only separate two parts."
        case .repeatedSpaces: "Name has two spaces in a row; separate the parts with single spaces."
        case .wrongLength(let count, let allowed):
            "Name has \(count) characters; between \(allowed.lowerBound) and \(allowed.upperBound) are accepted for this script."
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\u{3000}" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\u{3000}" { scalars.removeLast() }
        return String(scalars)
    }
}
