import CFFmpeg
import Foundation
@testable import VAPrepMedia

/// What a transcoded MP4 really contains, read back with FFmpeg (probe + full decode).
struct TranscodeOutput {
    var info: MediaInfo
    /// Decoded video frames, in presentation order.
    var frameCount: Int
    /// Presentation time of the first decoded frame, seconds, raw from the stream (no origin shift).
    var firstFrameSeconds: Double
    var lastFrameSeconds: Double
    /// Pixel format and size of the decoded pictures.
    var decodedPixelFormat: String
    var decodedWidth: Int
    var decodedHeight: Int
    var hasDisplayMatrix: Bool
    /// Top-level box types in file order.
    var topLevelBoxes: [String]
    /// Mean of the decoded luma plane of the frame nearest `meanLumaAt`, or nil.
    var meanLuma: Double?
    /// Decoded luma plane of the first frame (tightly packed).
    var firstLuma: [UInt8]

    /// Writes `mp4` to a temp file, probes it and decodes every frame.
    static func inspect(_ mp4: [UInt8]) async throws -> TranscodeOutput {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vaprep-transcode-\(UUID().uuidString).mp4").path
        try Data(mp4).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let info = try await MediaProbe.probe(path: path)
        let input = try MediaInput.open(path: path)
        let stream = input.videoStream
        let decoder = try VideoDecoder(input: input)
        let tb = av_q2d(stream.pointee.time_base)
        var count = 0
        var first = Double.nan, last = Double.nan
        var format = "", width = 0, height = 0
        var lumaSum = 0.0
        var firstLuma: [UInt8] = []
        while let frame = try decoder.nextFrame() {
            let f = frame.pointer.pointee
            let seconds = Double(f.best_effort_timestamp) * tb
            if count == 0 {
                first = seconds
                format = FrameConverter.name(frame.pixelFormat)
                width = frame.width
                height = frame.height
                for row in 0..<height {
                    let line = UnsafeBufferPointer(start: f.data.0! + row * Int(f.linesize.0), count: width)
                    firstLuma.append(contentsOf: line)
                }
                lumaSum = firstLuma.reduce(0.0) { $0 + Double($1) }
            }
            last = seconds
            count += 1
        }
        return TranscodeOutput(
            info: info, frameCount: count, firstFrameSeconds: first, lastFrameSeconds: last,
            decodedPixelFormat: format, decodedWidth: width, decodedHeight: height,
            hasDisplayMatrix: vaprep_stream_display_matrix(stream) != nil,
            topLevelBoxes: try FastStart.boxes(in: mp4, range: 0..<mp4.count).map(\.type),
            meanLuma: firstLuma.isEmpty ? nil : lumaSum / Double(firstLuma.count), firstLuma: firstLuma)
    }

    var moovBeforeMdat: Bool {
        guard let moov = topLevelBoxes.firstIndex(of: "moov"), let mdat = topLevelBoxes.firstIndex(of: "mdat") else { return false }
        return moov < mdat
    }
}

enum TranscodeFixtures {
    static func mean(_ pixels: [UInt8]) -> Double {
        pixels.isEmpty ? 0 : pixels.reduce(0.0) { $0 + Double($1) } / Double(pixels.count)
    }
}

/// Allocates a synthetic frame of `format` and fills every plane through `fill(plane, x, y)`
/// (values in the plane's bit depth).
func makeTestFrame(width: Int, height: Int, format: AVPixelFormat,
                   colorspace: AVColorSpace = AVCOL_SPC_BT709, transfer: AVColorTransferCharacteristic = AVCOL_TRC_BT709,
                   primaries: AVColorPrimaries = AVCOL_PRI_BT709, range: AVColorRange = AVCOL_RANGE_MPEG,
                   fill: (Int, Int, Int) -> Int) throws -> UnsafeMutablePointer<AVFrame> {
    let frame = try FrameConverter.allocateFrame(width: width, height: height, format: format)
    frame.pointee.colorspace = colorspace
    frame.pointee.color_trc = transfer
    frame.pointee.color_primaries = primaries
    frame.pointee.color_range = range
    let depth = Int(vaprep_pix_fmt_bit_depth(format.rawValue))
    var shiftW: Int32 = 0, shiftH: Int32 = 0
    _ = vaprep_pix_fmt_chroma_shift(format.rawValue, &shiftW, &shiftH)
    let planes = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2]
    let strides = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2]
    for plane in 0..<3 {
        guard let base = planes[plane] else { continue }
        let w = plane == 0 ? width : (width + (1 << shiftW) - 1) >> shiftW
        let h = plane == 0 ? height : (height + (1 << shiftH) - 1) >> shiftH
        for y in 0..<h {
            let row = base + y * Int(strides[plane])
            for x in 0..<w {
                let v = fill(plane, x, y)
                if depth > 8 {
                    UnsafeMutableRawPointer(row).storeBytes(of: UInt16(v), toByteOffset: x * 2, as: UInt16.self)
                } else {
                    row[x] = UInt8(v)
                }
            }
        }
    }
    return frame
}

func freeTestFrame(_ frame: UnsafeMutablePointer<AVFrame>) {
    var f: UnsafeMutablePointer<AVFrame>? = frame
    av_frame_free(&f)
}
