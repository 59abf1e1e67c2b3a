import Testing
@testable import VAPrepCheck

/// The keypoint replay signal: blind to any motion of a flat picture, sensitive to a jaw or a turn.
@Suite struct LandmarkMotionTests {
    static let face = FaceLandmarks([
        FacePoint(x: 140, y: 200), FacePoint(x: 220, y: 200), FacePoint(x: 180, y: 240),
        FacePoint(x: 180, y: 280), FacePoint(x: 100, y: 215), FacePoint(x: 260, y: 215),
    ])

    static func mapped(_ f: (FacePoint) -> FacePoint) -> FaceLandmarks { FaceLandmarks(face.points.map(f)) }

    @Test func anyAffineMotionOfThePictureIsZero() throws {
        let moved = Self.mapped { p in FacePoint(x: 1.1 * p.x + 0.2 * p.y + 7, y: -0.1 * p.x + 0.95 * p.y - 3) }
        #expect(try #require(LandmarkMotion.measure(from: Self.face, to: moved)) < 1e-9)
    }

    @Test func aSmallTiltOfAPrintStaysSmall() throws {
        // Perspective of a ~15° tilt about the vertical axis for points 80 px apart, focal 700 px.
        let tilted = Self.mapped { p in
            let d = 1 + 0.00035 * (p.x - 180)
            return FacePoint(x: 180 + (p.x - 180) / d, y: 240 + (p.y - 240) / d)
        }
        #expect(try #require(LandmarkMotion.measure(from: Self.face, to: tilted)) < 0.5)
    }

    @Test func speechAndTurningAreSeen() throws {
        var speaking = Self.face
        speaking.mouthCenter.y += 6   // the jaw drops 6 px on an 80 px eye distance
        #expect(try #require(LandmarkMotion.measure(from: Self.face, to: speaking)) > 3)
        var turning = Self.face
        turning.noseTip.x += 5        // the nose swings against the eyes
        #expect(try #require(LandmarkMotion.measure(from: Self.face, to: turning)) > 5)
    }

    @Test func noKeypointsOrADegenerateFaceGiveNothing() {
        #expect(LandmarkMotion.measure(from: nil, to: Self.face) == nil)
        #expect(LandmarkMotion.measure(from: Self.face, to: nil) == nil)
        let line = FaceLandmarks((0..<6).map { FacePoint(x: Double($0) * 10, y: 50) })
        #expect(LandmarkMotion.noseCoordinates(line) == nil)
        #expect(LandmarkMotion.measure(from: line, to: Self.face) == nil)
    }
}
