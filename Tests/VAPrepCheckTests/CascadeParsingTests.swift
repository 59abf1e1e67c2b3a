import Foundation
import Testing
@testable import VAPrepCheck
import VAPrepTestSupport

@Suite struct CascadeParsingTests {
    @Test func readsTheShippedCascades() throws {
        let lbp = try CascadeClassifier(contentsOf: CascadeClassifier.defaultPath)
        #expect(lbp.featureType == .lbp && lbp.windowWidth == 45 && lbp.windowHeight == 45)
        #expect(lbp.isStumpBased && lbp.stageCount > 10)
        let alt2 = try CascadeClassifier(contentsOf: CascadeClassifier.haarAlt2Path)
        #expect(alt2.featureType == .haar && alt2.windowWidth == 20 && !alt2.isStumpBased)
        let haarDefault = try CascadeClassifier(contentsOf: TestData.cascadePaths["haarcascade_frontalface_default"]!)
        #expect(haarDefault.windowWidth == 24 && haarDefault.isStumpBased)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: CascadeError.unreadable(path: "/nonexistent/cascade.xml")) {
            try CascadeClassifier(contentsOf: "/nonexistent/cascade.xml")
        }
    }

    /// A one-stage LBP stump cascade, small enough to edit per test.
    static func lbpXML(stageType: String = "BOOST", featureType: String = "LBP", internalNodes: String = "0 -1 0 -1 -1 -1 -1 -1 -1 -1 -1",
                       leaves: String = "1.0 -1.0", rect: String = "0 0 3 3", extra: String = "") -> [UInt8] {
        Array("""
        <?xml version="1.0"?>
        <!-- a comment before the root -->
        <opencv_storage>
        <cascade type_id="opencv-cascade-classifier">
          <stageType>\(stageType)</stageType><featureType>\(featureType)</featureType>
          <height>10</height><width>10</width>
          <featureParams><maxCatCount>256</maxCatCount></featureParams>
          <stages><_><stageThreshold>0.5</stageThreshold>
            <weakClassifiers><_><internalNodes>\(internalNodes)</internalNodes><leafValues>\(leaves)</leafValues></_></weakClassifiers></_></stages>
          <features><_><rect>\(rect)</rect></_></features>\(extra)
        </cascade>
        </opencv_storage>
        """.utf8)
    }

    @Test func readsAMinimalCascadeWithCRLFAndComments() throws {
        let xml: [UInt8] = Self.lbpXML().flatMap { (b: UInt8) -> [UInt8] in b == 10 ? [13, 10] : [b] }
        let c = try CascadeClassifier(xml: xml)
        #expect(c.featureType == .lbp && c.windowWidth == 10 && c.stageCount == 1)
        #expect(c.stages[0].threshold == Float(0.5) - Float(1e-5))
        #expect(c.subsets == [Int32](repeating: -1, count: 8))
        #expect(c.leaves == [1, -1])
    }

    @Test func malformedXMLSaysWhere() {
        let bad = Array("<opencv_storage>\n<cascade>\n<stageType>BOOST</featureType>".utf8)
        #expect {
            try CascadeClassifier(xml: bad, path: "bad.xml")
        } throws: { error in
            guard case .malformedXML(let path, let line, _) = error as? CascadeError else { return false }
            return path == "bad.xml" && line == 3
        }
    }

    @Test(arguments: [
        (lbpXML(stageType: "GAB"), "BOOST"),
        (lbpXML(featureType: "HOG"), "HAAR or LBP"),
        (lbpXML(internalNodes: "0 -1 0 -1 -1"), "internalNodes"),
        (lbpXML(leaves: "1.0"), "leaves"),
        (lbpXML(internalNodes: "0 -1 7 -1 -1 -1 -1 -1 -1 -1 -1"), "feature 7"),
        (lbpXML(rect: "5 5 3 3"), "bad rect"),
        (Array("<opencv_storage><cascade><stages/></cascade></opencv_storage>".utf8), "old-format"),
    ])
    func invalidCascadesAreRejectedWithTheReason(xml: [UInt8], expected: String) {
        #expect {
            try CascadeClassifier(xml: xml, path: "x.xml")
        } throws: { error in
            guard case .invalidCascade(_, let reason) = error as? CascadeError else { return false }
            return reason.contains(expected)
        }
    }

    @Test func tiltedHaarFeaturesAreRejected() throws {
        var text = try String(contentsOfFile: CascadeClassifier.haarAlt2Path, encoding: .utf8)
        text = text.replacingOccurrences(of: "<rects>", with: "<tilted>1</tilted><rects>")
        #expect {
            try CascadeClassifier(xml: Array(text.utf8))
        } throws: { error in
            guard case .invalidCascade(_, let reason) = error as? CascadeError else { return false }
            return reason.contains("tilted")
        }
    }

    @Test func errorMessagesTellWhatToDo() {
        #expect(CascadeError.unreadable(path: "/x.xml").description.contains("opencv-data"))
        #expect(PGMError.notBinaryPGM(path: "/a.png").description.contains("format=gray"))
    }

    @Test func pgmRoundTripAndErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-check-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = GrayImage(width: 3, height: 2, pixels: [0, 10, 20, 30, 40, 255])
        let good = dir.appendingPathComponent("a.pgm").path
        FileManager.default.createFile(atPath: good, contents: Data(image.pgmData()))
        #expect(try GrayImage(pgmAt: good) == image)
        let ascii = dir.appendingPathComponent("b.pgm").path
        FileManager.default.createFile(atPath: ascii, contents: Data("P2\n3 2\n255\n0 1 2 3 4 5\n".utf8))
        #expect(throws: PGMError.notBinaryPGM(path: ascii)) { try GrayImage(pgmAt: ascii) }
        let short = dir.appendingPathComponent("c.pgm").path
        FileManager.default.createFile(atPath: short, contents: Data(Array("P5\n3 2\n255\n".utf8) + [1, 2]))
        #expect(throws: PGMError.truncated(path: short, expected: 6, found: 2)) { try GrayImage(pgmAt: short) }
    }
}
