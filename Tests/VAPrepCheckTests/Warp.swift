import Foundation
@testable import VAPrepCheck

/// Test-only geometric warps used to build "replayed photo" and "live face" frame pairs from a still.
enum Warp {
    /// Resamples `image` (bilinear) so output pixel p shows input pixel `inverse(p)`.
    static func remap(_ image: GrayImage, inverse: (Double, Double) -> (Double, Double)) -> GrayImage {
        var out = [UInt8](repeating: 0, count: image.width * image.height)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let (sx, sy) = inverse(Double(x), Double(y))
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                let fx = sx - Double(x0), fy = sy - Double(y0)
                func px(_ i: Int, _ j: Int) -> Double {
                    Double(image[min(max(i, 0), image.width - 1), min(max(j, 0), image.height - 1)])
                }
                let v = (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy)
                    + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy
                out[y * image.width + x] = UInt8(max(0, min(255, v.rounded())))
            }
        }
        return GrayImage(width: image.width, height: image.height, pixels: out)
    }

    /// A rigid (similarity) motion about `center`: what a held-up photo or a replayed still does.
    static func rigid(_ image: GrayImage, shift: (Double, Double), zoom: Double, degrees: Double,
                      center: (Double, Double)) -> GrayImage {
        let a = degrees * .pi / 180
        let c = cos(a) / zoom, s = sin(a) / zoom
        return remap(image) { x, y in
            let dx = x - center.0 - shift.0, dy = y - center.1 - shift.1
            return (center.0 + c * dx + s * dy, center.1 - s * dx + c * dy)
        }
    }

    /// A local, non-rigid deformation of a face box: eyelids close a little and the mouth opens,
    /// by `amount` (fraction of the face width) — the kind of change a live face shows in 0.4 s.
    static func expression(_ image: GrayImage, face: FaceBox, amount: Double) -> GrayImage {
        let w = Double(face.width), h = Double(face.height)
        let sigma = 0.09 * w
        // (centre x, centre y, displacement y) in face-box fractions.
        let bumps: [(Double, Double, Double)] = [(0.32, 0.42, 1), (0.68, 0.42, 1), (0.5, 0.76, -1.3), (0.5, 0.6, 0.6)]
        return remap(image) { x, y in
            var dy = 0.0, dx = 0.0
            for (bx, by, d) in bumps {
                let cx = Double(face.x) + bx * w, cy = Double(face.y) + by * h
                let g = exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma))
                dy += d * amount * w * g
                dx += 0.3 * d * amount * w * g * (x - cx) / sigma
            }
            return (x - dx, y - dy)
        }
    }
}
