import Testing
@testable import VAPrepCheck
import VAPrepTestSupport

/// The detector must answer exactly what OpenCV's CascadeClassifier answers on the same pixels.
@Suite struct DetectorExactnessTests {
    static let reference = try! OpenCVReference.load()

    @Test func resizeMatchesOpenCVBitForBit() throws {
        for frame in Self.reference.frames {
            let image = try TestData.image(frame.file)
            #expect(!frame.resize.isEmpty)
            for r in frame.resize {
                let ours = LinearResize.resize(image, width: r.width, height: r.height)
                #expect(fnv1a64(ours.pixels) == r.fnv1a64, "\(frame.file) → \(r.width)x\(r.height): sum \(ours.pixels.reduce(0) { $0 + Int($1) }) vs \(r.sum)")
            }
        }
    }

    @Test(arguments: TestData.cascadePaths.keys.sorted())
    func rawCandidatesEqualOpenCV(cascadeName: String) throws {
        let detector = try FaceDetector(cascadePath: TestData.cascadePaths[cascadeName]!)
        var compared = 0
        for frame in Self.reference.frames {
            let image = try TestData.image(frame.file)
            let expected = try #require(frame.cascades[cascadeName])
            let window = detector.cascade.windowWidth
            let single = detector.candidates(in: image, options: .init(minNeighbors: 0, minSize: window, maxSize: window))
            #expect(single.sorted() == expected.singleScaleRaw.boxes, "\(frame.file) single scale")
            let multi = detector.candidates(in: image, options: .init(minNeighbors: 0))
            #expect(multi.sorted() == expected.multiScaleRaw.boxes, "\(frame.file) all scales")
            compared += expected.multiScaleRaw.count
        }
        #expect(compared > 20, "the reference must hold enough raw hits to mean something")
    }

    @Test(arguments: TestData.cascadePaths.keys.sorted())
    func groupedDetectionsEqualOpenCV(cascadeName: String) throws {
        let detector = try FaceDetector(cascadePath: TestData.cascadePaths[cascadeName]!)
        for frame in Self.reference.frames {
            let image = try TestData.image(frame.file)
            let expected = try #require(frame.cascades[cascadeName])
            #expect(detector.detect(in: image).sorted() == expected.grouped.boxes, "\(frame.file)")
            let minSize = expected.groupedMinSize.minSize[0]
            #expect(detector.detect(in: image, options: .init(minSize: minSize)).sorted() == expected.groupedMinSize.boxes.boxes,
                    "\(frame.file) minSize \(minSize)")
        }
    }
}
