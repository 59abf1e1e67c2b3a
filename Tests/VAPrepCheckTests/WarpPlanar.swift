import Foundation
@testable import VAPrepCheck

/// Test-only picture changes a replay goes through: a tilt of the picture plane and sensor noise.
extension Warp {
    /// The picture tilted by `yawDegrees` about the vertical axis through `center` and seen by a
    /// pinhole camera of focal length `focal` pixels: the perspective a hand-held print shows.
    static func tilted(_ image: GrayImage, yawDegrees: Double, center: (Double, Double), focal: Double = 700) -> GrayImage {
        let a = yawDegrees * .pi / 180
        // Inverse mapping: intersect the viewing ray of output pixel p with the tilted plane.
        return remap(image) { x, y in
            let px = x - center.0, py = y - center.1
            // Ray (px, py, f) meets the plane through (0, 0, f) with normal (sin a, 0, cos a).
            let t = focal * cos(a) / (px * sin(a) + focal * cos(a))
            let qx = px * t, qy = py * t, qz = focal * t - focal
            // Back into plane coordinates (rotate by -a about the vertical axis).
            let u = qx * cos(a) - qz * sin(a)
            return (center.0 + u, center.1 + qy)
        }
    }

    /// `image` plus Gaussian noise of standard deviation `sigma`, from a fixed seed (reproducible).
    static func noisy(_ image: GrayImage, sigma: Double, seed: UInt64) -> GrayImage {
        var state = seed
        func uniform() -> Double {
            // SplitMix64: a small, well-mixed generator, so every run adds the same noise.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let pixels = image.pixels.map { v -> UInt8 in
            let g = (-2 * log(max(uniform(), 1e-12))).squareRoot() * cos(2 * .pi * uniform())
            return UInt8(max(0, min(255, (Double(v) + sigma * g).rounded())))
        }
        return GrayImage(width: image.width, height: image.height, pixels: pixels)
    }

    /// `image` with what a video encoder leaves on a frame it could not predict well (a flicker, a
    /// drifting fine pattern): every `cell`×`cell` square, on a grid fixed in the frame, shifted by
    /// its own Gaussian offset of standard deviation `sigma` (a transform block's DC error),
    /// reproducible from `seed`. Unlike sensor noise it is correlated over the cell, so the error
    /// per pixel at a block's match underrates how far it can pull the match.
    static func blocky(_ image: GrayImage, cell: Int, sigma: Double, seed: UInt64) -> GrayImage {
        let columns = (image.width + cell - 1) / cell, rows = (image.height + cell - 1) / cell
        let offsets = noisy(GrayImage(width: columns, height: rows, fill: 128), sigma: sigma, seed: seed)
        var out = image
        for y in 0..<image.height {
            for x in 0..<image.width {
                let d = Double(offsets[x / cell, y / cell]) - 128
                out[x, y] = UInt8(max(0, min(255, (Double(image[x, y]) + d).rounded())))
            }
        }
        return out
    }

    /// Every pixel v becomes gain·v + offset (clamped): a flickering screen or lamp (gain), an
    /// exposure step or a print's paper and light (gain and offset together).
    static func lit(_ image: GrayImage, gain: Double, offset: Double = 0) -> GrayImage {
        GrayImage(width: image.width, height: image.height,
                  pixels: image.pixels.map { UInt8(max(0, min(255, (Double($0) * gain + offset).rounded()))) })
    }

    /// `image` seen on a screen: brightness modulated by a grating of `period` pixels (slanted, as
    /// the beat between a screen's pixel grid and a camera's), fixed in the frame whatever the
    /// picture does, shifted by `phase` radians (it drifts as the phone moves).
    static func moire(_ image: GrayImage, amplitude: Double, period: Double, phase: Double) -> GrayImage {
        var out = image
        let fx = cos(0.22) / period, fy = sin(0.22) / period
        for y in 0..<image.height {
            for x in 0..<image.width {
                let m = 1 + amplitude * sin(2 * .pi * (Double(x) * fx + Double(y) * fy) + phase)
                out[x, y] = UInt8(max(0, min(255, (Double(image[x, y]) * m).rounded())))
            }
        }
        return out
    }
}
