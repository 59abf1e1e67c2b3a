internal import CFFmpeg

/// Turns decoded frames into upright ``AnalysisFrame``s: scaled so the short side is
/// `shortSide` (never upscaled), grey luma plus optional RGB, display rotation applied.
///
/// HLG/PQ frames are tone-mapped to SDR first (the transcoder's `FrameConverter`, at
/// analysis size), so exposure is judged on the picture the backend will receive, and the
/// sparse sampler (`vaprep check`) sees exactly the frames the transcoder's tap sees.
///
/// Keeps its scalers between calls, so convert every frame of a clip with one converter.
/// Used by ``FrameSampler`` and by the transcoder's analysis tap.
final class AnalysisFrameConverter {
    let shortSide: Int
    let includeRGB: Bool
    let orientation: Orientation
    private let grayScaler = FrameScaler(outputFormat: AV_PIX_FMT_GRAY8)
    private lazy var rgbScaler = FrameScaler(outputFormat: AV_PIX_FMT_RGB24)
    private var toneMapper: FrameConverter?

    init(shortSide: Int = AnalysisFrame.standardShortSide, rgb: Bool = false, orientation: Orientation) {
        self.shortSide = max(1, shortSide)
        self.includeRGB = rgb
        self.orientation = orientation
    }

    /// The converter for the video stream of `input` (its display rotation).
    convenience init(input: MediaInput, shortSide: Int = AnalysisFrame.standardShortSide, rgb: Bool = false) {
        let video = input.info.video
        self.init(shortSide: shortSide, rgb: rgb, orientation: Orientation(clockwise: video.rotation, flipped: video.flipped))
    }

    /// Stored-orientation size the frame is scaled to before rotation.
    func scaledSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let factor = min(1, Double(shortSide) / Double(min(width, height)))
        return (max(1, Int((Double(width) * factor).rounded())), max(1, Int((Double(height) * factor).rounded())))
    }

    /// Converts `frame`; `time` defaults to the frame's own time.
    func convert(_ frame: DecodedFrame, time: Double? = nil) throws -> AnalysisFrame {
        if FrameConverter.hdrTransfer(of: frame.pointer) != nil {
            return try convert(toneMapped(frame), time: time ?? frame.seconds)
        }
        let (width, height) = scaledSize(width: frame.width, height: frame.height)
        let luma = PlaneRotation.apply(orientation, pixels: try grayScaler.scale(frame, width: width, height: height),
                                       width: width, height: height)
        var rgb: [UInt8]?
        if includeRGB {
            rgb = PlaneRotation.apply(orientation, pixels: try rgbScaler.scale(frame, width: width, height: height),
                                      width: width, height: height, bytesPerPixel: 3)
        }
        let upright = PlaneRotation.outputSize(width: width, height: height, orientation: orientation)
        return AnalysisFrame(time: time ?? frame.seconds, width: upright.width, height: upright.height, luma: luma, rgb: rgb)
    }

    /// The HDR frame as 8-bit BT.709 SDR at (even) analysis size.
    private func toneMapped(_ frame: DecodedFrame) throws -> DecodedFrame {
        let size = scaledSize(width: frame.width, height: frame.height)
        let (width, height) = (max(2, size.width & ~1), max(2, size.height & ~1))
        if toneMapper == nil || toneMapper!.width != width || toneMapper!.height != height {
            toneMapper = try FrameConverter(width: width, height: height)
        }
        // The converter reuses its output frame; the clone is a new reference to it.
        guard let copy = av_frame_clone(try toneMapper!.convert(frame.pointer)) else {
            throw MediaError.ffmpeg(operation: "av_frame_clone", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        return DecodedFrame(taking: copy, seconds: frame.seconds)
    }
}
