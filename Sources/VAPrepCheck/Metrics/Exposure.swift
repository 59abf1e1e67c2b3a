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

    /// Mean luma of the band `margin` face widths wide around `face` (clipped to the picture), the
    /// face box itself left out; nil when the face fills the picture and no band is left.
    public static func surroundingMean(of image: GrayImage, around face: FaceBox, margin: Double = 0.5) -> Double? {
        let pad = Int((Double(face.width) * margin).rounded())
        func sum(_ b: FaceBox) -> (total: Int, count: Int) {
            let x0 = max(0, b.x), y0 = max(0, b.y)
            let x1 = min(image.width, b.x + b.width), y1 = min(image.height, b.y + b.height)
            guard x1 > x0, y1 > y0 else { return (0, 0) }
            var total = 0
            image.pixels.withUnsafeBufferPointer { p in
                for y in y0..<y1 { for x in x0..<x1 { total += Int(p[y * image.width + x]) } }
            }
            return (total, (x1 - x0) * (y1 - y0))
        }
        let outer = sum(FaceBox(x: face.x - pad, y: face.y - pad, width: face.width + 2 * pad, height: face.height + 2 * pad))
        let inner = sum(face)
        let count = outer.count - inner.count
        // Fewer than a tenth of the face's own pixels: the band is a sliver at the frame edge, not surroundings.
        guard count > max(1, inner.count / 10) else { return nil }
        return Double(outer.total - inner.total) / Double(count)
    }
}
