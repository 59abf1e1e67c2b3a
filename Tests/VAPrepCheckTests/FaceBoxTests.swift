import Foundation
import Testing
@testable import VAPrepCheck

/// The face box's optional CNN fields: scaling, the metrics region, JSON, and the detector choice.
@Suite struct FaceBoxTests {
    static let points = FaceLandmarks((0..<6).map { FacePoint(x: 10 + Double($0), y: 20 + Double($0) / 2) })

    @Test func scalingMovesTheLandmarksWithTheBox() {
        let box = FaceBox(x: 10, y: 20, width: 40, height: 40, score: 0.9, landmarks: Self.points)
        let big = box.scaled(by: 2)
        #expect(big.x == 20 && big.width == 80 && big.score == 0.9)
        #expect(big.landmarks?.noseTip == FacePoint(x: 24, y: 42))
        #expect(FaceLandmarks(big.landmarks!.points) == big.landmarks)
    }

    @Test func cnnBoxesAreMeasuredOnTheirCascadeSizedCentre() {
        let cnn = FaceBox(x: 100, y: 50, width: 160, height: 160, score: 0.9, landmarks: Self.points)
        let region = cnn.measuredRegion
        #expect(region.width == 120 && region.height == 120)
        #expect(region.centerX == cnn.centerX && region.centerY == cnn.centerY)
        let cascade = FaceBox(x: 100, y: 50, width: 160, height: 160)
        #expect(cascade.measuredRegion == cascade)
    }

    @Test func jsonCarriesScoreAndLandmarksOnlyWhenPresent() throws {
        let plain = String(decoding: try JSONEncoder().encode(FaceBox(x: 1, y: 2, width: 3, height: 4)), as: UTF8.self)
        #expect(!plain.contains("score") && !plain.contains("landmarks"))
        let cnn = FaceBox(x: 1, y: 2, width: 3, height: 4, score: 0.5, landmarks: Self.points)
        let decoded = try JSONDecoder().decode(FaceBox.self, from: try JSONEncoder().encode(cnn))
        #expect(decoded == cnn)
    }

    @Test func detectorChoiceByName() throws {
        #expect(FaceDetectorChoice(name: "cnn") == .cnn)
        #expect(FaceDetectorChoice(name: "cascade", cascadePath: "/x.xml") == .cascade(path: "/x.xml"))
        #expect(FaceDetectorChoice(name: "yunet") == nil)
        #expect(try FaceDetectorChoice.cnn.makeDetector() is BlazeFaceDetector)
        #expect(try FaceDetectorChoice.cascade().makeDetector() is FaceDetector)
        #expect(throws: CascadeError.self) { try FaceDetectorChoice.cascade(path: "/nonexistent.xml").makeDetector() }
        #expect(try PreCheck().detector is BlazeFaceDetector)
    }
}
