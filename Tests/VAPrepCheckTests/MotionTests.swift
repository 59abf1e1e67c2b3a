import Testing
@testable import VAPrepCheck
import VAPrepTestSupport

/// The anti-replay metric: rigid motion of a still scores low, a deforming face scores high.
@Suite struct MotionTests {
    static let image = try! TestData.image("astronaut-face-640x360.pgm")
    static let face: FaceBox = {
        let detector = try! FaceDetector()
        return detector.detect(in: image, options: .init(minSize: 90))[0]
    }()
    var center: (Double, Double) { (Self.face.centerX, Self.face.centerY) }

    @Test func identicalFramesHaveNoMotion() throws {
        let m = try #require(NonRigidMotion.measure(from: Self.image, to: Self.image, face: Self.face))
        #expect(m < 0.05)
    }

    @Test(arguments: [
        ((3.4, -2.2), 1.0, 0.0),     // shift
        ((0.0, 0.0), 1.05, 0.0),     // zoom
        ((0.0, 0.0), 1.0, 1.5),      // rotation
        ((-4.3, 1.7), 0.96, -1.2),   // all together
    ])
    func rigidMotionOfAStillScoresLow(shift: (Double, Double), zoom: Double, degrees: Double) throws {
        let moved = Warp.rigid(Self.image, shift: shift, zoom: zoom, degrees: degrees, center: center)
        let m = try #require(NonRigidMotion.measure(from: Self.image, to: moved, face: Self.face))
        #expect(m < PreCheckThresholds.standard.failMotion * 0.7)
    }

    /// 3–5% of the face width: a blink plus a mouth opening on a 120 px face moves features 4–6 px.
    @Test(arguments: [0.03, 0.05])
    func localDeformationScoresHigh(amount: Double) throws {
        let live = Warp.expression(Self.image, face: Self.face, amount: amount)
        let m = try #require(NonRigidMotion.measure(from: Self.image, to: live, face: Self.face))
        #expect(m > PreCheckThresholds.standard.warnMotion * 1.3)
        // Deformation plus camera shake is still live.
        let shaken = Warp.rigid(live, shift: (2.5, -1.5), zoom: 1.02, degrees: 1, center: center)
        let m2 = try #require(NonRigidMotion.measure(from: Self.image, to: shaken, face: Self.face))
        #expect(m2 > PreCheckThresholds.standard.warnMotion * 1.3)
    }

    @Test func flatFaceRegionHasNoMeasurement() {
        let black = GrayImage(width: 640, height: 360, fill: 0)
        #expect(NonRigidMotion.measure(from: black, to: black, face: Self.face) == nil)
    }
}
