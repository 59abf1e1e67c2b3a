import Foundation

/// An 18-character Chinese identity number that passed the local checks, so no paid call
/// is spent on a typo.
///
/// Accepted: the resident identity card (GB 11643-1999), the Hong Kong / Macau / Taiwan
/// residence permits (address codes 810000 / 820000 / 830000) and the 2023 foreigner
/// permanent-residence ID (starts with `9`). All four use the same ISO 7064 MOD 11-2 check
/// character, which catches every single-character typo and every swap of two neighbours.
///
/// ```swift
/// let id = try ResidentIDNumber("11010519491231002x")   // lowercase x is accepted
/// id.value        // "11010519491231002X" (normalised)
/// id.description  // "1101**********002X" (masked: safe to log)
/// ```
public struct ResidentIDNumber: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Which document the number belongs to.
    public enum Kind: String, Sendable, Codable {
        case residentIDCard, hongKongMacauResidencePermit, taiwanResidencePermit, foreignPermanentResident
    }

    /// The normalised number (uppercase `X`). This is PII: send it, never log it.
    public let value: String
    public let kind: Kind
    /// The birth date encoded in the number (`yyyyMMdd`).
    public let birthDate: String

    /// GB 11643-1999 weights 2^(17-i) mod 11 for positions 0…16.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character indexed by (weighted sum mod 11).
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates and normalises `string`.
    /// - Parameter now: the current time; birth dates after it are refused (injectable for tests).
    /// - Throws: ``IDNumberProblem`` naming the first problem found.
    public init(_ string: String, now: Date = Date()) throws(IDNumberProblem) {
        let characters = Array(string.uppercased())
        guard characters.count == 18 else { throw .wrongLength(characters.count) }
        for (index, character) in characters.enumerated() {
            let isDigit = character.isASCII && character.isNumber
            if index < 17, !isDigit { throw .invalidCharacter(position: index + 1) }
            if index == 17, !isDigit, character != "X" { throw .invalidCharacter(position: 18) }
        }
        let digits = characters.map { String($0) }
        let region = digits[0] + digits[1]
        let kind: Kind
        switch characters[0] {
        case "9":
            // 2023 format: 9 + 2-digit province of the issuing office + 3-digit nationality + birth date…
            guard ProvinceCodes.mainland.contains(digits[1] + digits[2]) else { throw .unknownRegion(digits[1] + digits[2]) }
            kind = .foreignPermanentResident
        default:
            switch region {
            case "81", "82": kind = .hongKongMacauResidencePermit
            case "83": kind = .taiwanResidencePermit
            default:
                guard ProvinceCodes.mainland.contains(region) else { throw .unknownRegion(region) }
                kind = .residentIDCard
            }
            if kind != .residentIDCard, digits[2...5].joined() != "0000" {
                // Permits always carry the whole-region address code 810000 / 820000 / 830000.
                throw .unknownRegion(digits[0...5].joined())
            }
        }
        let birth = digits[6...13].joined()
        try Self.checkBirthDate(birth, now: now)
        let expected = Self.checkCharacter(for: characters.prefix(17).map { Int(String($0))! })
        guard characters[17] == expected else { throw .checksumMismatch }
        value = String(characters)
        self.kind = kind
        birthDate = birth
    }

    /// The check character for the first 17 digits (exposed so tests and the sandbox can
    /// build valid numbers without hard-coding real people's IDs).
    public static func checkCharacter(for first17: [Int]) -> Character {
        precondition(first17.count == 17, "need exactly 17 digits")
        let sum = zip(first17, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    private static func checkBirthDate(_ yyyymmdd: String, now: Date) throws(IDNumberProblem) {
        let year = Int(yyyymmdd.prefix(4))!, month = Int(yyyymmdd.dropFirst(4).prefix(2))!, day = Int(yyyymmdd.suffix(2))!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let components = DateComponents(year: year, month: month, day: day)
        // Round-tripping through the calendar rejects 19990230 and friends, which
        // `calendar.date(from:)` alone would silently roll over to March.
        guard year >= 1900, (1...12).contains(month), (1...31).contains(day),
              let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components
        else { throw .invalidBirthDate(yyyymmdd) }
        guard date <= now else { throw .birthDateInFuture(yyyymmdd) }
    }

    public var description: String { Masked.idNumber(value) }
    public var debugDescription: String { "ResidentIDNumber(\(Masked.idNumber(value)), \(kind.rawValue))" }
}

/// Why a string is not an acceptable ID number. Messages never repeat the number itself.
public enum IDNumberProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongLength(Int)
    case invalidCharacter(position: Int)
    case unknownRegion(String)
    case invalidBirthDate(String)
    case birthDateInFuture(String)
    case checksumMismatch

    public var description: String {
        switch self {
        case .wrongLength(let count):
            "ID number has \(count) characters; it must have exactly 18 (17 digits and a final digit or X)."
        case .invalidCharacter(let position):
            "ID number has an invalid character at position \(position); only digits are allowed, and X only as the last character."
        case .unknownRegion(let code):
            "ID number starts with region code \(code), which is not a Chinese province code nor a permit prefix (81/82/83, or 9 for foreign permanent residents); check the first digits."
        case .invalidBirthDate:
            "ID number's birth date (characters 7–14) is not a real calendar date; check for a typo."
        case .birthDateInFuture:
            "ID number's birth date (characters 7–14) lies in the future; check for a typo."
        case .checksumMismatch:
            "ID number's check character does not match (GB 11643-1999); one character is probably mistyped — compare it with the card."
        }
    }
}
