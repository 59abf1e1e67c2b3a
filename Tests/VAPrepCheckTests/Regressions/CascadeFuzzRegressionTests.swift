import Foundation
import Testing
@testable import VAPrepCheck

/// Inputs the `cascade-xml` fuzz target (Fuzz/, scripts/fuzz.sh) found trapping the cascade
/// reader, and their siblings in the same code: numbers in a cascade are untrusted text, so
/// each must now end in `invalidCascade`, never in an arithmetic or conversion trap.
@Suite("Fuzz regressions: cascade XML")
struct CascadeFuzzRegressionTests {
    static func expectInvalid(_ xml: [UInt8], _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try CascadeClassifier(xml: xml, path: "fuzz.xml")
        } throws: { error in
            guard case .invalidCascade(_, let why) = error as? CascadeError else { return false }
            return why.contains(reason)
        }
    }

    /// Found by the fuzzer: a node index of -2e126 trapped in `Int(Double)` ("less than Int.min").
    @Test func nodeIndexBeyondIntIsInvalid() {
        let huge = "-1" + String(repeating: "9", count: 126)
        Self.expectInvalid(CascadeParsingTests.lbpXML(internalNodes: "0 \(huge) 0 -1 -1 -1 -1 -1 -1 -1 -1"), "integers")
    }

    @Test(arguments: ["nan", "inf", "0.5", "-9223372036854775808"])
    func nodeIndexThatIsNoSmallIntegerIsInvalid(value: String) {
        Self.expectInvalid(CascadeParsingTests.lbpXML(internalNodes: "\(value) -1 0 -1 -1 -1 -1 -1 -1 -1 -1"), "node")
    }

    @Test(arguments: ["nan", "1e300", "4294967296", "-2147483649"])
    func subsetWordOutside32BitsIsInvalid(value: String) {
        Self.expectInvalid(CascadeParsingTests.lbpXML(internalNodes: "0 -1 0 \(value) -1 -1 -1 -1 -1 -1 -1"), "subset word")
    }

    /// The unsigned spelling of a subset mask is the same bits as OpenCV's signed one.
    @Test func subsetWordMayBeWrittenUnsigned() throws {
        let c = try CascadeClassifier(xml: CascadeParsingTests.lbpXML(internalNodes: "0 -1 0 4294967295 -1 -1 -1 -1 -1 -1 -1"))
        #expect(c.subsets == [Int32](repeating: -1, count: 8))
    }

    @Test func rectCornerPastIntIsInvalid() {
        let max = Int.max
        Self.expectInvalid(CascadeParsingTests.lbpXML(rect: "\(max) 0 \(max) 3"), "bad rect")
        Self.expectInvalid(CascadeParsingTests.lbpXML(rect: "1 0 \(max / 2) 3"), "bad rect")
    }

    @Test(arguments: ["9223372036854775807", "1025", "2"])
    func windowSideOutsideTheBoundIsInvalid(side: String) {
        let xml = String(decoding: CascadeParsingTests.lbpXML(), as: UTF8.self)
            .replacingOccurrences(of: "<width>10</width>", with: "<width>\(side)</width>")
        Self.expectInvalid(Array(xml.utf8), "width")
    }

    @Test func maxCatCountOfIntMaxIsInvalid() {
        let xml = String(decoding: CascadeParsingTests.lbpXML(), as: UTF8.self)
            .replacingOccurrences(of: "<maxCatCount>256</maxCatCount>", with: "<maxCatCount>9223372036854775807</maxCatCount>")
        Self.expectInvalid(Array(xml.utf8), "maxCatCount")
    }
}
