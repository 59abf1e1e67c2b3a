import Foundation
import Testing
@testable import VAPrepCheck
import VAPrepTestSupport

/// Exposure and sharpness on the astronaut face, and on darkened / blurred versions of it.
@Suite struct MetricsTests {
    static let image = try! TestData.image("astronaut-face-640x360.pgm")
    static let face = try! FaceDetector().detect(in: image, options: .init(minSize: 90))[0]

    static func mapped(_ f: (UInt8) -> UInt8) -> GrayImage {
        GrayImage(width: image.width, height: image.height, pixels: image.pixels.map(f))
    }

    /// Separable Gaussian blur (test helper).
    static func blurred(sigma: Double) -> GrayImage {
        let r = Int((3 * sigma).rounded(.up))
        let k = (-r...r).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let norm = k.reduce(0, +)
        let w = image.width, h = image.height
        var tmp = [Double](repeating: 0, count: w * h), out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w {
            var s = 0.0
            for (i, kv) in k.enumerated() { s += kv * Double(image[min(max(x + i - r, 0), w - 1), y]) }
            tmp[y * w + x] = s / norm
        } }
        for y in 0..<h { for x in 0..<w {
            var s = 0.0
            for (i, kv) in k.enumerated() { s += kv * tmp[min(max(y + i - r, 0), h - 1) * w + x] }
            out[y * w + x] = UInt8(max(0, min(255, (s / norm).rounded())))
        } }
        return GrayImage(width: w, height: h, pixels: out)
    }

    @Test func faceExposureIsMeasuredOnTheFaceNotTheFrame() {
        // A dark frame around a lit face: the frame mean misleads, the face mean does not.
        var image = Self.image
        for y in 0..<image.height { for x in 0..<image.width where !(Self.face.x..<(Self.face.x + Self.face.width)).contains(x) {
            image[x, y] = 5
        } }
        let face = Exposure(of: image, in: Self.face), frame = Exposure(of: image)
        #expect(face.mean > 80 && frame.mean < face.mean / 2)
        #expect(frame.darkFraction > 0.5 && face.darkFraction < 0.05)
    }

    @Test func darkerFaceHasLowerLumaAndMoreClippedBlack() {
        let normal = Exposure(of: Self.image, in: Self.face)
        let dark = Exposure(of: Self.mapped { UInt8(Double($0) * 0.2) }, in: Self.face)
        #expect(dark.mean < normal.mean * 0.25)
        #expect(dark.darkFraction > normal.darkFraction)
        let bright = Exposure(of: Self.mapped { UInt8(min(255, Double($0) * 1.8 + 40)) }, in: Self.face)
        #expect(bright.mean > normal.mean && bright.brightFraction > 0.3)
    }

    @Test func blurLowersSharpnessAndExposureDoesNot() {
        let sharp = Sharpness.measure(Self.image, in: Self.face)
        let blur2 = Sharpness.measure(Self.blurred(sigma: 2), in: Self.face)
        let blur6 = Sharpness.measure(Self.blurred(sigma: 6), in: Self.face)
        #expect(sharp > PreCheckThresholds.standard.warnSharpness)
        #expect(blur2 < PreCheckThresholds.standard.failSharpness && blur6 < blur2)
        // Normalised by the crop's own variance: a dimmer (but still sharp) face stays sharp.
        let dim = Sharpness.measure(Self.mapped { UInt8(Double($0) * 0.5) }, in: Self.face)
        #expect(dim > sharp * 0.7 && dim < sharp * 1.5)
    }

    @Test func flatRegionHasNoSharpness() {
        #expect(Sharpness.measure(GrayImage(width: 50, height: 50, fill: 128)) == 0)
    }
}
