/// Brightness of a region: its mean luma and how much of it is crushed to black or blown to white.
///
/// Measured on the face box, not the frame: in `Megamind.avi` the frames average luma ≈ 36 while the
/// lit faces sit at 91–111, so a whole-frame mean would call a well-lit face "too dark".
public struct Exposure: Sendable, Codable, Equatable {
    /// Mean luma, 0–255.
    public var mean: Double
    /// Fraction of pixels at or below ``darkLevel`` (video black).
    public var darkFraction: Double
    /// Fraction of pixels at or above ``brightLevel`` (video white).
    public var brightFraction: Double

    /// Luma at or below which a pixel counts as clipped black: limited-range video black is 16.
    public static let darkLevel: UInt8 = 16
    /// Luma at or above which a pixel counts as clipped white: limited-range video white is 235.
    public static let brightLevel: UInt8 = 235

    public init(mean: Double, darkFraction: Double, brightFraction: Double) {
        self.mean = mean; self.darkFraction = darkFraction; self.brightFraction = brightFraction
    }

    /// Exposure of `region` of `image` (the whole picture when `region` is nil).
    public init(of image: GrayImage, in region: FaceBox? = nil) {
        let box = (region ?? FaceBox(x: 0, y: 0, width: image.width, height: image.height))
        let x0 = max(0, box.x), y0 = max(0, box.y)
        let x1 = min(image.width, box.x + box.width), y1 = min(image.height, box.y + box.height)
        var sum = 0, dark = 0, bright = 0
        image.pixels.withUnsafeBufferPointer { p in
            for y in y0..<max(y0, y1) {
                for x in x0..<max(x0, x1) {
                    let v = p[y * image.width + x]
                    sum += Int(v)
                    if v <= Self.darkLevel { dark += 1 }
                    if v >= Self.brightLevel { bright += 1 }
                }
            }
        }
        let n = max(1, (x1 - x0) * (y1 - y0))
        self.init(mean: Double(sum) / Double(n), darkFraction: Double(dark) / Double(n), brightFraction: Double(bright) / Double(n))
    }
}
