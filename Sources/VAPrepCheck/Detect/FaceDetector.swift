/// Finds frontal faces in a greyscale picture with an OpenCV cascade, reproducing
/// `cv::CascadeClassifier::detectMultiScale` (OpenCV 4, CPU path) box for box.
///
/// ```swift
/// let detector = try FaceDetector()                          // LBP "improved" frontal-face cascade
/// let faces = detector.detect(in: frame, options: .init(minSize: frame.height / 4))
/// ```
/// The scan: for scale factors f = scaleFactor^k whose window fits between `minSize` and `maxSize`,
/// the picture is resized (OpenCV-exact bilinear) to round(w/f)×round(h/f), the cascade runs on
/// every window position (step 2 px below f = 2, 1 px above; after a first-stage reject the next
/// position is skipped), and each hit maps back as (round(x·f), round(y·f), round(W·f), round(H·f)).
/// Hits are then merged by ``RectangleGrouping`` unless `minNeighbors` is 0.
public struct FaceDetector: Sendable {
    /// Scan parameters, named and defaulted as OpenCV's `detectMultiScale`.
    public struct Options: Sendable, Equatable {
        /// Ratio between consecutive pyramid levels (> 1).
        public var scaleFactor: Double
        /// A merged face needs more than this many raw hits; 0 returns the raw hits.
        public var minNeighbors: Int
        /// Smallest face side in pixels (0: the cascade window).
        public var minSize: Int
        /// Largest face side in pixels (0: no limit).
        public var maxSize: Int

        public init(scaleFactor: Double = 1.1, minNeighbors: Int = 3, minSize: Int = 0, maxSize: Int = 0) {
            precondition(scaleFactor > 1, "scaleFactor must be > 1")
            self.scaleFactor = scaleFactor
            self.minNeighbors = minNeighbors
            self.minSize = minSize
            self.maxSize = maxSize
        }
    }

    public let cascade: CascadeClassifier

    public init(cascade: CascadeClassifier) { self.cascade = cascade }

    /// Loads the cascade at `cascadePath` (default: OpenCV's LBP improved frontal-face cascade).
    public init(cascadePath: String = CascadeClassifier.defaultPath) throws(CascadeError) {
        cascade = try CascadeClassifier(contentsOf: cascadePath)
    }

    /// Faces in `image`, grouped as OpenCV groups them (order: largest first).
    public func detect(in image: GrayImage, options: Options = Options()) -> [FaceBox] {
        let raw = candidates(in: image, options: options)
        guard options.minNeighbors > 0 else { return raw }
        return RectangleGrouping.group(raw, minNeighbors: options.minNeighbors)
            .map(\.box)
            .sorted { ($0.area, $1) > ($1.area, $0) }
    }

    /// The pyramid scale factors OpenCV (4.x) scans: all factors whose window fits the picture, filtered
    /// by min/max size (window sides rounded in Float as OpenCV does); when none is left, the one whose
    /// window is closest to `minSize` (OpenCV's answer to minSize == maxSize between two levels).
    static func scales(window: (Int, Int), image: (Int, Int), options: Options) -> [Float] {
        var all: [Float] = []
        var factor = 1.0
        while true {
            let w = Int((Double(window.0) * factor).rounded(.toNearestOrEven))
            let h = Int((Double(window.1) * factor).rounded(.toNearestOrEven))
            if w > image.0 || h > image.1 { break }
            all.append(Float(factor))
            factor *= options.scaleFactor
        }
        func side(_ s: Float) -> (Int, Int) {
            (Int((Float(window.0) * s).rounded(.toNearestOrEven)), Int((Float(window.1) * s).rounded(.toNearestOrEven)))
        }
        let maxW = options.maxSize > 0 ? options.maxSize : image.0
        let maxH = options.maxSize > 0 ? options.maxSize : image.1
        var chosen: [Float] = []
        for s in all {
            let (w, h) = side(s)
            if w > maxW || h > maxH { break }
            if w < options.minSize || h < options.minSize { continue }
            chosen.append(s)
        }
        if chosen.isEmpty, !all.isEmpty {
            let distance = all.map { s -> Int in
                let (w, h) = side(s)
                return (options.minSize - w) * (options.minSize - w) + (options.minSize - h) * (options.minSize - h)
            }
            chosen.append(all[distance.indices.min { distance[$0] < distance[$1] }!])
        }
        return chosen
    }

    /// The raw window hits before grouping, clipped to the picture (OpenCV's output with minNeighbors 0).
    public func candidates(in image: GrayImage, options: Options = Options()) -> [FaceBox] {
        let ww = cascade.windowWidth, wh = cascade.windowHeight
        guard image.width >= ww, image.height >= wh else { return [] }
        let scales = Self.scales(window: (ww, wh), image: (image.width, image.height), options: options)
        guard let first = scales.first else { return [] }

        func levelSize(_ s: Float) -> (Int, Int) {
            (Int((Float(image.width) / s).rounded(.toNearestOrEven)), Int((Float(image.height) / s).rounded(.toNearestOrEven)))
        }
        let (w0, h0) = levelSize(first)
        var level = [UInt8](repeating: 0, count: w0 * h0)
        var integral = IntegralImage(capacityWidth: w0, capacityHeight: h0, withSquares: cascade.featureType == .haar)
        let scanner = CascadeScanner(cascade: CompiledCascade(cascade, stride: integral.stride))
        var boxes: [FaceBox] = []
        for s in scales {
            let (lw, lh) = levelSize(s)
            LinearResize.resize(image, width: lw, height: lh, into: &level)
            level.withUnsafeBufferPointer { integral.compute(pixels: $0, width: lw, height: lh) }
            let side = (Int((Float(ww) * s).rounded(.toNearestOrEven)), Int((Float(wh) * s).rounded(.toNearestOrEven)))
            integral.sum.withUnsafeBufferPointer { sum in
                integral.squares.withUnsafeBufferPointer { sq in
                    scanner.scan(sum: sum.baseAddress!, squares: sq.baseAddress, width: lw, height: lh,
                                 step: s >= 2 ? 1 : 2) { x, y in
                        boxes.append(FaceBox(x: Int((Float(x) * s).rounded(.toNearestOrEven)),
                                             y: Int((Float(y) * s).rounded(.toNearestOrEven)),
                                             width: side.0, height: side.1))
                    }
                }
            }
        }
        // cv::CascadeClassifier::detectMultiScale clips results to the picture (clipObjects).
        return boxes.compactMap { b in
            let x0 = max(b.x, 0), y0 = max(b.y, 0)
            let x1 = min(b.x + b.width, image.width), y1 = min(b.y + b.height, image.height)
            return x1 > x0 && y1 > y0 ? FaceBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0) : nil
        }
    }
}
