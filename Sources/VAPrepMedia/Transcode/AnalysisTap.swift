import CFFmpeg

/// Picks, for each requested time, the first decoded frame at or after it and converts it
/// to an ``AnalysisFrame`` — so the pre-check reads the very decode that feeds the encoder.
///
/// HLG/PQ frames are tone-mapped first (by a `FrameConverter` at analysis size), so the
/// pre-check judges exposure on the same SDR picture the backend will receive, not on the
/// flat-looking HDR signal.
struct AnalysisTap {
    private let times: [Double]
    private var nextIndex = 0
    private let converter: AnalysisFrameConverter
    private var toneMapped: FrameConverter?
    private(set) var frames: [AnalysisFrame] = []

    /// Times outside `[windowStart, windowEnd)` are ignored: no decoded frame belongs to them.
    init(times: [Double], windowStart: Double, windowEnd: Double, shortSide: Int, orientation: Orientation) {
        self.times = times.filter { $0 >= windowStart - 1e-6 && $0 < windowEnd }.sorted()
        converter = AnalysisFrameConverter(shortSide: shortSide, rgb: false, orientation: orientation)
    }

    mutating func offer(_ frame: DecodedFrame) throws {
        guard nextIndex < times.count, frame.seconds + 1e-6 >= times[nextIndex] else { return }
        let analysis = try convert(frame)
        while nextIndex < times.count, frame.seconds + 1e-6 >= times[nextIndex] {
            frames.append(analysis)
            nextIndex += 1
        }
    }

    private mutating func convert(_ frame: DecodedFrame) throws -> AnalysisFrame {
        guard FrameConverter.hdrTransfer(of: frame.pointer) != nil else { return try converter.convert(frame) }
        let size = converter.scaledSize(width: frame.width, height: frame.height)
        let (width, height) = (max(2, size.width & ~1), max(2, size.height & ~1))
        if toneMapped == nil || toneMapped!.width != width || toneMapped!.height != height {
            toneMapped = try FrameConverter(width: width, height: height)
        }
        let sdr = try toneMapped!.convert(frame.pointer)
        guard let copy = av_frame_clone(sdr) else {
            throw MediaError.ffmpeg(operation: "av_frame_clone", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        return try converter.convert(DecodedFrame(taking: copy, seconds: frame.seconds))
    }
}
