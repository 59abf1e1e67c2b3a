import Testing
@testable import VAPrepCheck

/// The replay signal under what defeated the affine version: perspective tilt and sensor noise.
@Suite struct ReplayMotionTests {
    static let image = MotionTests.image
    static let face = MotionTests.face
    static var center: (Double, Double) { (face.centerX, face.centerY) }
    static let limit = PreCheckThresholds.standard.failMotion

    @Test(arguments: [12.0, -15.0, 20.0])
    func aTiltedStillScoresLow(degrees: Double) throws {
        let tilted = Warp.tilted(Warp.rigid(Self.image, shift: (2, -1), zoom: 1.02, degrees: 0.8, center: Self.center),
                                 yawDegrees: degrees, center: Self.center)
        let m = try #require(NonRigidMotion.measurement(from: Self.image, to: tilted, face: Self.face))
        #expect(m.score < Self.limit * 0.7, "score \(m.score)")
    }

    @Test func sensorNoiseOnAStillIsDiscounted() throws {
        let a = Warp.noisy(Self.image, sigma: 8, seed: 1)
        let b = Warp.noisy(Warp.rigid(Self.image, shift: (3, 1), zoom: 1.01, degrees: -0.7, center: Self.center), sigma: 8, seed: 2)
        let m = try #require(NonRigidMotion.measurement(from: a, to: b, face: Self.face))
        #expect(m.noise > 5 && m.noise < 11, "noise \(m.noise)")
        #expect(m.raw > m.score)
        #expect(m.score < Self.limit * 0.7, "score \(m.score), raw \(m.raw)")
    }

    @Test func aDeformingFaceStaysLiveUnderNoise() throws {
        let live = Warp.expression(Self.image, face: Self.face, amount: 0.04)
        let a = Warp.noisy(Self.image, sigma: 6, seed: 3)
        let b = Warp.noisy(Warp.rigid(live, shift: (2, -1), zoom: 1, degrees: 0.5, center: Self.center), sigma: 6, seed: 4)
        let m = try #require(NonRigidMotion.measurement(from: a, to: b, face: Self.face))
        #expect(m.score > PreCheckThresholds.standard.warnMotion, "score \(m.score)")
    }

    @Test func cleanFramesLoseNothingToTheNoiseFloor() throws {
        let live = Warp.expression(Self.image, face: Self.face, amount: 0.04)
        let m = try #require(NonRigidMotion.measurement(from: Self.image, to: live, face: Self.face))
        #expect(m.noise < 2)
        #expect(m.score > 0.7 * m.raw)
    }
}

/// Noise level and the surroundings of a face, the two context measures the rules use.
@Suite struct ContextMetricsTests {
    @Test func noiseLevelIsTheNoiseNotTheTexture() {
        let flat = GrayImage(width: 200, height: 200, fill: 120)
        #expect(NoiseLevel.sigma(flat) == 0)
        let noisy = Warp.noisy(flat, sigma: 5, seed: 7)
        #expect(abs(NoiseLevel.sigma(noisy) - 5) < 0.8)
        // The face's own texture (eyes, hair edges) is not read as noise.
        #expect(NoiseLevel.sigma(MotionTests.image, in: MotionTests.face) < 2)
        #expect(NoiseLevel.sigma(GrayImage(width: 2, height: 2, fill: 9)) == 0)
    }

    @Test func surroundingsExcludeTheFace() throws {
        var image = GrayImage(width: 300, height: 300, fill: 220)
        let face = FaceBox(x: 100, y: 100, width: 100, height: 100)
        for y in 100..<200 { for x in 100..<200 { image[x, y] = 40 } }
        #expect(try #require(Exposure.surroundingMean(of: image, around: face)) == 220)
        #expect(Exposure(of: image, in: face).mean == 40)
        // Clipped at the border, the band that is left still counts.
        var corner = GrayImage(width: 300, height: 300, fill: 200)
        for y in 0..<100 { for x in 0..<100 { corner[x, y] = 10 } }
        #expect(try #require(Exposure.surroundingMean(of: corner, around: FaceBox(x: 0, y: 0, width: 100, height: 100))) == 200)
        // A face filling the picture has no surroundings.
        #expect(Exposure.surroundingMean(of: image, around: FaceBox(x: 0, y: 0, width: 300, height: 300)) == nil)
    }
}

/// The smoothing applied before matching on noisy faces.
@Suite struct BoxSmoothingTests {
    @Test func takesOutNoiseAsItSaysAndKeepsFlatAndTinyPictures() {
        let flat = GrayImage(width: 64, height: 64, fill: 90)
        #expect(BoxSmoothing.apply(flat, passes: 2) == flat)
        let noisy = Warp.noisy(flat, sigma: 9, seed: 11)
        for passes in 1...2 {
            let expected = 9 * BoxSmoothing.noiseFactor(passes: passes)
            let measured = NoiseLevel.sigma(BoxSmoothing.apply(noisy, passes: passes))
            // The estimator reads smoothed noise as lower than its true σ (it is no longer white),
            // so only an upper bound and "much less than before" are asserted.
            #expect(measured < 9 * 0.5 && measured <= expected * 1.5, "passes \(passes): \(measured) vs \(expected)")
        }
        let tiny = GrayImage(width: 2, height: 2, pixels: [0, 255, 255, 0])
        #expect(BoxSmoothing.apply(tiny, passes: 1) == tiny)
        #expect(BoxSmoothing.apply(noisy, passes: 0) == noisy)
    }

    @Test func aBrightEdgeStaysBrightAtTheBorder() {
        // Border pixels average the taps that exist: no dark rim from zero padding.
        let white = GrayImage(width: 8, height: 8, fill: 250)
        #expect(BoxSmoothing.apply(white, passes: 3).pixels.allSatisfy { $0 == 250 })
    }
}
