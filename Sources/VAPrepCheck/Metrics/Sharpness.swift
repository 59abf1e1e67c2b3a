/// Focus of a region: the variance of its Laplacian divided by the variance of its pixels.
///
/// Dividing by the pixel variance makes the number independent of exposure and contrast: measured on
/// face crops at analysis size (short side 360) a sharp face gives ≈ 0.086, the same face darkened or
/// brightened ≈ 0.12, Gaussian blur σ = 2 ≈ 0.005 and σ = 6 ≈ 0.0016. The raw Laplacian variance, by
/// contrast, drops ten-fold for a dim but perfectly sharp face.
public enum Sharpness {
    /// Normalised Laplacian variance of `region` of `image` (0 for a flat or tiny region).
    public static func measure(_ image: GrayImage, in region: FaceBox? = nil) -> Double {
        let box = region ?? FaceBox(x: 0, y: 0, width: image.width, height: image.height)
        let x0 = max(0, box.x), y0 = max(0, box.y)
        let x1 = min(image.width, box.x + box.width), y1 = min(image.height, box.y + box.height)
        guard x1 - x0 >= 3, y1 - y0 >= 3 else { return 0 }
        let w = image.width
        var pixelSum = 0.0, pixelSquares = 0.0, lapSum = 0.0, lapSquares = 0.0
        var count = 0.0
        image.pixels.withUnsafeBufferPointer { p in
            // 4-neighbour Laplacian on the interior so every tap stays inside the region.
            for y in (y0 + 1)..<(y1 - 1) {
                for x in (x0 + 1)..<(x1 - 1) {
                    let i = y * w + x
                    let c = Int(p[i])
                    let lap = Int(p[i - 1]) + Int(p[i + 1]) + Int(p[i - w]) + Int(p[i + w]) - 4 * c
                    pixelSum += Double(c); pixelSquares += Double(c * c)
                    lapSum += Double(lap); lapSquares += Double(lap * lap)
                    count += 1
                }
            }
        }
        let pixelVariance = pixelSquares / count - (pixelSum / count) * (pixelSum / count)
        let lapVariance = lapSquares / count - (lapSum / count) * (lapSum / count)
        // Below σ ≈ 2 grey levels there is no structure to judge; report "no detail".
        guard pixelVariance > 4 else { return 0 }
        return lapVariance / pixelVariance
    }
}
