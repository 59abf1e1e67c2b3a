/// The default face detector: mediapipe's BlazeFace short-range CNN, run by our own C kernels,
/// with boxes, scores and six keypoints (eyes, nose tip, mouth centre, ear tragions) per face.
///
/// ```swift
/// let detector = BlazeFaceDetector()
/// for face in detector.detect(in: frame) {
///     print(face, face.score!, face.landmarks!.noseTip)
/// }
/// ```
/// It reproduces mediapipe's `FaceDetection(model_selection=0)` step by step: the whole picture is
/// letterboxed onto the 128 x 128 input (zero border), scaled to [-1, 1]; the 896 SSD anchors are
/// decoded and scored (sigmoid ≥ ``minScore``); overlapping boxes are merged by weighted
/// non-maximum suppression; the letterbox is removed. A greyscale picture is fed as R = G = B.
public struct BlazeFaceDetector: FaceDetecting {
    /// Lowest face score kept, 0...1 (mediapipe's `min_detection_confidence`).
    public var minScore: Double

    private let model: FaceNetModel

    /// One network for the process: the weights are immutable and shared by every detector.
    private static let shared = FaceNetModel()

    public init(minScore: Double = 0.5) {
        self.minScore = minScore
        model = Self.shared
    }

    /// Faces in a greyscale picture, largest first, in its pixel coordinates.
    public func detect(in image: GrayImage) -> [FaceBox] {
        guard image.width > 0, image.height > 0 else { return [] }
        return image.pixels.withUnsafeBufferPointer {
            faces(pixels: $0, width: image.width, height: image.height, channels: 1)
        }
    }

    /// Faces in a packed 8-bit RGB picture (`width * height * 3` bytes), largest first.
    public func detect(rgb: [UInt8], width: Int, height: Int) -> [FaceBox] {
        precondition(width >= 0 && height >= 0 && rgb.count == width * height * 3,
                     "BlazeFaceDetector: \(rgb.count) bytes do not fill \(width)x\(height) RGB")
        guard width > 0, height > 0 else { return [] }
        return rgb.withUnsafeBufferPointer { faces(pixels: $0, width: width, height: height, channels: 3) }
    }

    /// Faces at least `minFaceSide` pixels wide and high, largest first. When the whole-picture pass
    /// finds none and a face that small would be under ``reliableFaceSide`` pixels on the network's
    /// input, the picture is searched again in overlapping squares of its short side (so a face of
    /// 15 % of the short side reaches the network at ~19 px instead of ~11 px in a 9:16 frame), and
    /// the squares' faces are merged by the same weighted suppression.
    public func faces(in image: GrayImage, minFaceSide: Int) -> [FaceBox] {
        guard image.width > 0, image.height > 0 else { return [] }
        return image.pixels.withUnsafeBufferPointer { pixels -> [FaceBox] in
            var found = relativeDetections(pixels: pixels, width: image.width, height: image.height, channels: 1)
            let long = max(image.width, image.height), short = min(image.width, image.height)
            let inputSide = Double(minFaceSide) * Double(model.inputSize) / Double(long)
            if found.isEmpty, inputSide < Self.reliableFaceSide, long * 5 > short * 6 {
                found = tiledDetections(pixels: pixels, width: image.width, height: image.height, channels: 1)
            }
            return boxes(found, width: image.width, height: image.height).filter { min($0.width, $0.height) >= minFaceSide }
        }
    }

    /// Face width on the 128-pixel input above which BlazeFace short-range finds a clear frontal face
    /// reliably: measured with mediapipe on Grace Hopper's portrait scaled down, a 20 px face scored
    /// 0.95, 16 px 0.67, 14 px 0.54, 12 px nothing.
    public static let reliableFaceSide = 20.0

    private func faces(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) -> [FaceBox] {
        boxes(relativeDetections(pixels: pixels, width: width, height: height, channels: channels), width: width, height: height)
    }

    /// Pixel boxes (rounded) and sub-pixel landmarks, largest first.
    private func boxes(_ detections: [RelativeDetection], width: Int, height: Int) -> [FaceBox] {
        let w = Double(width), h = Double(height)
        return detections
            .map { d in
                let points = (0..<6).map { FacePoint(x: Double(d.keypoints[2 * $0]) * w, y: Double(d.keypoints[2 * $0 + 1]) * h) }
                return FaceBox(x: Int((Double(d.xmin) * w).rounded()), y: Int((Double(d.ymin) * h).rounded()),
                               width: Int((Double(d.width) * w).rounded()), height: Int((Double(d.height) * h).rounded()),
                               score: Double(d.score), landmarks: FaceLandmarks(points))
            }
            .sorted { ($0.area, $1) > ($1.area, $0) }
    }

    /// Detections relative to the picture (0...1), before rounding to pixels: what the exactness
    /// tests compare with mediapipe's own numbers.
    func relativeDetections(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) -> [RelativeDetection] {
        // mediapipe pads the picture's rectangle to the square input's aspect (PadRoi), centred.
        let w = Float(width), h = Float(height)
        let side = Double(max(width, height))
        let region = (x: Double(width) / 2 - side / 2, y: Double(height) / 2 - side / 2, width: side, height: side)
        let horizontal: Float = w < h ? (1 - w / h) / 2 : 0
        let vertical: Float = h < w ? (1 - h / w) / 2 : 0
        let decoder = self.decoder
        return decoder.suppress(squareDetections(pixels: pixels, width: width, height: height, channels: channels, region: region))
            .map { $0.removingLetterbox(horizontal: horizontal, vertical: vertical) }
    }

    /// Detections in overlapping squares of the short side along the long side (3 for 9:16),
    /// mapped to the picture (0...1) and merged.
    func tiledDetections(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) -> [RelativeDetection] {
        let long = max(width, height), short = min(width, height)
        // Squares overlap by at least half their side, so any face up to half the short side lies
        // wholly inside one of them.
        let count = max(2, (2 * (long - short) + short - 1) / short + 1)
        var all: [RelativeDetection] = []
        for i in 0..<count {
            let offset = Double(long - short) * Double(i) / Double(count - 1)
            let x = width > height ? offset : 0, y = width > height ? 0 : offset
            let side = Double(short)
            let found = squareDetections(pixels: pixels, width: width, height: height, channels: channels,
                                         region: (x: x, y: y, width: side, height: side))
            all += found.map { d in
                var p = d
                let sx = Float(side / Double(width)), sy = Float(side / Double(height))
                let ox = Float(x / Double(width)), oy = Float(y / Double(height))
                p.xmin = ox + d.xmin * sx; p.ymin = oy + d.ymin * sy
                p.width = d.width * sx; p.height = d.height * sy
                for k in stride(from: 0, to: p.keypoints.count, by: 2) {
                    p.keypoints[k] = ox + d.keypoints[k] * sx
                    p.keypoints[k + 1] = oy + d.keypoints[k + 1] * sy
                }
                return p
            }
        }
        return decoder.suppress(all)
    }

    private var decoder: DetectionDecoder { DetectionDecoder(minScore: Float(minScore), scale: Float(model.inputSize)) }

    /// Decoded anchors above the score threshold for one square region, relative to that square.
    private func squareDetections(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
                                  region: (x: Double, y: Double, width: Double, height: Double)) -> [RelativeDetection] {
        let input = model.inputTensor(pixels: pixels, width: width, height: height, channels: channels,
                                      rowBytes: width * channels, region: region)
        let (scores, boxes) = model.run(input)
        return decoder.decode(scores: scores, boxes: boxes)
    }
}
