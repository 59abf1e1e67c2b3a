import Testing
@testable import VAPrepCheck

/// Block matching's two judgements: is a match ambiguous, and how much of a residual is real.
@Suite struct BlockMatchTests {
    /// Vertical stripes with a 5 px period: every fifth shift matches as well as the true one.
    static let stripes = GrayImage(width: 80, height: 80, pixels: (0..<6400).map { i in
        UInt8(100 + 40 * (i % 80 % 5 < 2 ? 1 : -1))
    })

    @Test func aRepeatingPatternIsAmbiguousAndAFaceIsNot() throws {
        let striped = try #require(BlockMatch.match(Self.stripes, Self.stripes, x: 30, y: 30, size: 12, guess: (0, 0), radius: 8))
        #expect(striped.ambiguous)
        let image = MotionTests.image, face = MotionTests.face
        let eye = try #require(BlockMatch.match(image, image, x: face.x + face.width / 4, y: face.y + face.height / 3,
                                                size: face.width / 8, guess: (0, 0), radius: face.width / 10))
        #expect(!eye.ambiguous)
        #expect(abs(eye.dx) < 0.05 && abs(eye.dy) < 0.05)
    }

    @Test func aBrightnessGainDoesNotMoveTheMatch() throws {
        let image = MotionTests.image, face = MotionTests.face
        let brighter = Warp.lit(image, gain: 1.25, offset: -20)
        let m = try #require(BlockMatch.match(image, brighter, x: face.x + face.width / 3, y: face.y + face.height / 2,
                                              size: face.width / 8, guess: (0, 0), radius: face.width / 10))
        #expect(abs(m.dx) < 0.1 && abs(m.dy) < 0.1, "moved \(m.dx), \(m.dy)")
        let same = try #require(BlockMatch.alignmentCost(image, image, x: face.x, y: face.y, size: 16, dx: 0, dy: 0))
        let lit = try #require(BlockMatch.alignmentCost(image, brighter, x: face.x, y: face.y, size: 16, dx: 0, dy: 0))
        #expect(same == 0)
        #expect(lit < 16 * 16 * 1.0, "cost \(lit)")
        #expect(BlockMatch.alignmentCost(image, image, x: 0, y: 0, size: 16, dx: -1, dy: 0) == nil)
    }

    @Test func onlyASignificantImprovementCounts() {
        #expect(NonRigidMotion.significant(gain: 0, noise: 4) == 0)
        #expect(NonRigidMotion.significant(gain: -3, noise: 4) == 0)
        // The plane leaves as much error as 2.5² · 2 noise variances: nothing is real.
        #expect(NonRigidMotion.significant(gain: 2 * 2.5 * 2.5 * 4, noise: 4) == 0)
        // Far more: nearly all of it is.
        #expect(NonRigidMotion.significant(gain: 1e6, noise: 4) > 0.95)
        #expect(NonRigidMotion.significant(gain: 400, noise: 0) == 1)
    }
}
