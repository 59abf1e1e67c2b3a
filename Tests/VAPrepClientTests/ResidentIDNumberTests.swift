import Foundation
import Testing
@testable import VAPrepClient

@Suite("ResidentIDNumber: GB 11643-1999 local checks")
struct ResidentIDNumberTests {
    /// 2026-11-29 00:00 UTC, so "future" does not depend on when the tests run.
    static let now = Date(timeIntervalSince1970: 1_795_910_400)

    @Test("valid numbers of every accepted kind", arguments: [
        ("11010519491231002X", ResidentIDNumber.Kind.residentIDCard),   // the standard's own example
        ("11010120000229123X", .residentIDCard),                          // leap day
        ("310115198808087778", .residentIDCard),
        ("810000199001011230", .hongKongMacauResidencePermit),
        ("820000199001011232", .hongKongMacauResidencePermit),
        ("830000199001011234", .taiwanResidencePermit),
        ("911156199001011232", .foreignPermanentResident),
    ])
    func valid(number: String, kind: ResidentIDNumber.Kind) throws {
        let id = try ResidentIDNumber(number, now: Self.now)
        #expect(id.value == number)
        #expect(id.kind == kind)
    }

    @Test("lowercase x is accepted and normalised to X")
    func lowercaseX() throws {
        let id = try ResidentIDNumber("11010519491231002x", now: Self.now)
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == "19491231")
    }

    @Test("refused numbers name the problem", arguments: [
        ("110105194912310039", IDNumberProblem.checksumMismatch),          // last digit changed
        ("11010519491231002", .wrongLength(17)),
        ("11010519491231002X1", .wrongLength(19)),
        ("1101051949123100XX", .invalidCharacter(position: 17)),
        ("X1010519491231002X", .invalidCharacter(position: 1)),
        ("110101199902301231", .invalidBirthDate("19990230")),             // 30 February
        ("110105209901011234", .birthDateInFuture("20990101")),
        ("440524188001010014", .invalidBirthDate("18800101")),             // before 1900
        ("990101199001011230", .unknownRegion("90")),                      // 9… needs a province after the 9
        ("710000199001011237", .unknownRegion("71")),
        ("810101199001011230", .unknownRegion("810101")),                  // permits use 810000 only
    ])
    func refused(number: String, problem: IDNumberProblem) {
        #expect(throws: problem) { try ResidentIDNumber(number, now: Self.now) }
    }

    @Test("future check uses the injected clock: a 2026-11-30 birth is refused on 2026-11-29")
    func futureDateRelativeToNow() throws {
        let first17 = "11010520261130123"
        let number = first17 + String(ResidentIDNumber.checkCharacter(for: first17.map { Int(String($0))! }))
        #expect(throws: IDNumberProblem.birthDateInFuture("20261130")) { try ResidentIDNumber(number, now: Self.now) }
        #expect(throws: Never.self) { try ResidentIDNumber(number, now: Self.now.addingTimeInterval(3 * 86400)) }
    }

    @Test("every single-digit typo is caught by the check character")
    func singleTypos() {
        let valid = Array("11010519491231002X")
        for position in 0..<17 {
            for digit in "0123456789" where digit != valid[position] {
                var typo = valid
                typo[position] = digit
                #expect(throws: IDNumberProblem.self) { try ResidentIDNumber(String(typo), now: Self.now) }
            }
        }
    }

    @Test("description and debugDescription are masked")
    func masked() throws {
        let id = try ResidentIDNumber("11010519491231002X", now: Self.now)
        #expect("\(id)" == "1101**********002X")
        #expect(!String(reflecting: id).contains("11010519491231002X"))
    }
}
