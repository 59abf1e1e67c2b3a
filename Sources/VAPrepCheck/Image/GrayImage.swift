/// An 8-bit greyscale picture: the only pixel format the pre-check needs.
///
/// Rows are packed (`stride == width`), top row first. Build one from a decoder's luma plane,
/// or read a binary PGM file for tests and tools:
/// ```swift
/// let frame = GrayImage(width: 640, height: 360, pixels: luma)
/// let faces = detector.detect(in: frame)
/// ```
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` luma samples, row after row.
    public var pixels: [UInt8]

    /// Wraps a packed luma plane. `pixels.count` must be `width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "GrayImage: \(pixels.count) pixels do not fill \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A flat picture of one grey level.
    public init(width: Int, height: Int, fill: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: fill, count: width * height))
    }

    @inlinable public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The pixels inside `rect` (clipped to the picture) as a new picture.
    public func cropped(to rect: FaceBox) -> GrayImage {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.x + rect.width), y1 = min(height, rect.y + rect.height)
        guard x1 > x0, y1 > y0 else { return GrayImage(width: 0, height: 0, pixels: []) }
        var out = [UInt8]()
        out.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 { out.append(contentsOf: pixels[(y * width + x0)..<(y * width + x1)]) }
        return GrayImage(width: x1 - x0, height: y1 - y0, pixels: out)
    }
}
