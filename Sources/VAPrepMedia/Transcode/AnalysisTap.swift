/// Picks, for each requested time, the first decoded frame at or after it and converts it
/// to an ``AnalysisFrame`` — so the pre-check reads the very decode that feeds the encoder.
/// (`AnalysisFrameConverter` tone-maps HLG/PQ frames with the transcoder's curve, so the
/// pre-check judges the same SDR picture the backend will receive.)
struct AnalysisTap {
    private let times: [Double]
    private var nextIndex = 0
    private let converter: AnalysisFrameConverter
    private(set) var frames: [AnalysisFrame] = []

    /// Times outside `[windowStart, windowEnd)` are ignored: no decoded frame belongs to them.
    init(times: [Double], windowStart: Double, windowEnd: Double, shortSide: Int, orientation: Orientation) {
        self.times = times.filter { $0 >= windowStart - 1e-6 && $0 < windowEnd }.sorted()
        converter = AnalysisFrameConverter(shortSide: shortSide, rgb: false, orientation: orientation)
    }

    mutating func offer(_ frame: DecodedFrame) throws {
        guard nextIndex < times.count, frame.seconds + 1e-6 >= times[nextIndex] else { return }
        let analysis = try converter.convert(frame)
        while nextIndex < times.count, frame.seconds + 1e-6 >= times[nextIndex] {
            frames.append(analysis)
            nextIndex += 1
        }
    }
}
