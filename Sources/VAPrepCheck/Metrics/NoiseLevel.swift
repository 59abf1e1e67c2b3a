/// The sensor (temporal) noise of a picture region, as a standard deviation in grey levels.
///
/// Immerkær's estimator: the 3×3 kernel [1 −2 1; −2 4 −2; 1 −2 1] cancels every locally planar
/// intensity (flat skin, smooth shading) and leaves noise with a standard deviation of 6σ. Taking
/// the *median* of its absolute response instead of the mean keeps the minority of pixels on real
/// edges (eyelids, hair) from passing as noise: for Gaussian noise median |response| = 0.6745 · 6σ.
/// Measured on the calibration corpus (faces at analysis size, H.264): clean clips 0.2–0.7, a
/// grainy scanned portrait 1.2–1.7, low light with σ 7–8 sensor noise 3.3–4.0 (compression
/// removes part of it).
public enum NoiseLevel {
    /// Noise standard deviation in `region` of `image` (the whole picture when nil); 0 for a region
    /// smaller than 3×3.
    public static func sigma(_ image: GrayImage, in region: FaceBox? = nil) -> Double {
        let box = region ?? FaceBox(x: 0, y: 0, width: image.width, height: image.height)
        let x0 = max(1, box.x), y0 = max(1, box.y)
        let x1 = min(image.width - 1, box.x + box.width), y1 = min(image.height - 1, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return 0 }
        // A histogram of |response| (0…1020) gives the exact median without sorting.
        var histogram = [Int](repeating: 0, count: 1021)
        let w = image.width
        image.pixels.withUnsafeBufferPointer { p in
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let i = y * w + x
                    let corners = Int(p[i - w - 1]) + Int(p[i - w + 1]) + Int(p[i + w - 1]) + Int(p[i + w + 1])
                    let sides = Int(p[i - w]) + Int(p[i + w]) + Int(p[i - 1]) + Int(p[i + 1])
                    histogram[abs(corners - 2 * sides + 4 * Int(p[i]))] += 1
                }
            }
        }
        let half = ((x1 - x0) * (y1 - y0) + 1) / 2
        var seen = 0
        for (value, count) in histogram.enumerated() {
            seen += count
            if seen >= half { return Double(value) / (0.6745 * 6) }
        }
        return 0
    }
}
