internal import CFFmpeg

/// Scales any decoded picture to 8-bit `yuv420p` BT.709 (limited range) at the output size.
///
/// Any input swscale reads (8/10/12-bit, 4:2:0/4:2:2/4:4:4, RGB) goes through one
/// `sws_scale` with the source's own matrix and range (`sws_setColorspaceDetails`), so a
/// BT.601 or full-range phone clip keeps its colours. HLG/PQ input takes a second path:
/// scale to 16-bit 4:2:0 at the output size, then `ToneMapper` writes the 8-bit `yuv420p`.
/// Scaling happens here, before any rotation, so rotation only moves the small planes.
final class FrameConverter {
    let width: Int
    let height: Int
    private let scaleFlags: Int32
    private var scaler: OpaquePointer?
    private let output: UnsafeMutablePointer<AVFrame>
    /// HDR only: the source scaled to the output size, still HDR, 16-bit limited range.
    private var hdr: UnsafeMutablePointer<AVFrame>?
    private var hdrMatrix = ToneMapper.SourceMatrix.bt2020
    private var toneMapper: ToneMapper?
    /// What the current `scaler` was configured for; a change (rare) rebuilds it.
    private var sourceKey: [Int32] = []

    /// `width`×`height` is the size before rotation (the stored orientation).
    init(width: Int, height: Int, scaleFlags: Int32 = SWS_BICUBIC) throws {
        precondition(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0)
        self.width = width
        self.height = height
        self.scaleFlags = scaleFlags
        output = try FrameConverter.allocateFrame(width: width, height: height, format: AV_PIX_FMT_YUV420P)
    }

    deinit {
        sws_freeContext(scaler)
        var o: UnsafeMutablePointer<AVFrame>? = output
        av_frame_free(&o)
        av_frame_free(&hdr)
    }

    /// Whether a frame carries HLG or PQ, i.e. needs tone mapping.
    static func hdrTransfer(of frame: UnsafePointer<AVFrame>) -> ToneMapper.Transfer? {
        switch frame.pointee.color_trc {
        case AVCOL_TRC_ARIB_STD_B67: .hlg
        case AVCOL_TRC_SMPTE2084: .pq
        default: nil
        }
    }

    /// Converts `frame`; the returned frame is owned by the converter and overwritten by the
    /// next call (the encoder must have taken its own reference by then, which it does).
    func convert(_ frame: UnsafePointer<AVFrame>) throws -> UnsafeMutablePointer<AVFrame> {
        try FFmpegCall.check(av_frame_make_writable(output), "av_frame_make_writable")
        try convert(frame, into: output)
        return output
    }

    /// Converts `frame` into `target`, a writable `yuv420p` frame of this converter's size.
    func convert(_ frame: UnsafePointer<AVFrame>, into target: UnsafeMutablePointer<AVFrame>) throws {
        precondition(target.pointee.format == AV_PIX_FMT_YUV420P.rawValue
                     && Int(target.pointee.width) == width && Int(target.pointee.height) == height)
        let transfer = FrameConverter.hdrTransfer(of: frame)
        let key = [frame.pointee.format, frame.pointee.width, frame.pointee.height,
                   Int32(frame.pointee.colorspace.rawValue), Int32(frame.pointee.color_range.rawValue),
                   transfer == nil ? 0 : 1]
        if key != sourceKey {
            try configure(for: frame, transfer: transfer)
            sourceKey = key
        }
        if let transfer, let hdr {
            if toneMapper?.transfer != transfer { toneMapper = ToneMapper(transfer: transfer) }
            try scale(frame, with: scaler, into: hdr)
            let h = hdr.pointee, o = target.pointee
            func plane16(_ p: UnsafeMutablePointer<UInt8>?) -> UnsafePointer<UInt16> {
                UnsafeRawPointer(p!).assumingMemoryBound(to: UInt16.self)
            }
            toneMapper!.apply(source: (plane16(h.data.0), plane16(h.data.1), plane16(h.data.2)),
                              sourceStrides: (Int(h.linesize.0) / 2, Int(h.linesize.1) / 2), matrix: hdrMatrix,
                              destination: (o.data.0!, o.data.1!, o.data.2!),
                              destinationStrides: (Int(o.linesize.0), Int(o.linesize.1)),
                              width: width, height: height)
        } else {
            try scale(frame, with: scaler, into: target)
        }
        FrameConverter.tagBT709(target)
    }

    /// Tags a converted picture: BT.709 primaries, transfer and matrix, limited range.
    static func tagBT709(_ frame: UnsafeMutablePointer<AVFrame>) {
        frame.pointee.color_primaries = AVCOL_PRI_BT709
        frame.pointee.color_trc = AVCOL_TRC_BT709
        frame.pointee.colorspace = AVCOL_SPC_BT709
        frame.pointee.color_range = AVCOL_RANGE_MPEG
    }

    private func configure(for frame: UnsafePointer<AVFrame>, transfer: ToneMapper.Transfer?) throws {
        let format = AVPixelFormat(rawValue: frame.pointee.format)
        let sourceWidth = frame.pointee.width, sourceHeight = frame.pointee.height
        let target = transfer == nil ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUV420P16LE
        scaler = sws_getCachedContext(scaler, sourceWidth, sourceHeight, format,
                                      Int32(width), Int32(height), target, scaleFlags, nil, nil, nil)
        guard let scaler else {
            throw MediaError.ffmpeg(operation: "sws_getContext(\(sourceWidth)x\(sourceHeight) \(FrameConverter.name(format)))",
                                    code: vaprep_averror(EINVAL), message: "swscale cannot convert this pixel format")
        }
        let sourceMatrix = FrameConverter.swsColorspace(frame.pointee.colorspace, height: Int(sourceHeight),
                                                        hdr: transfer != nil)
        let fullRange = frame.pointee.color_range == AVCOL_RANGE_JPEG || FrameConverter.isJPEGFormat(format)
        if transfer == nil {
            setColorspace(scaler, source: sourceMatrix, sourceFull: fullRange, destination: SWS_CS_ITU709, destinationFull: false)
        } else {
            // YUV → YUV: swscale keeps the matrix and only converts the range, so the tone
            // mapper always reads limited range and applies the source matrix itself.
            setColorspace(scaler, source: sourceMatrix, sourceFull: fullRange, destination: sourceMatrix, destinationFull: false)
            hdrMatrix = FrameConverter.lumaWeights(sourceMatrix)
            if hdr == nil {
                hdr = try FrameConverter.allocateFrame(width: width, height: height, format: AV_PIX_FMT_YUV420P16LE)
            }
        }
    }

    /// Kr, Kb of a swscale matrix constant (limited range: swscale delivered it so).
    static func lumaWeights(_ swsMatrix: Int32) -> ToneMapper.SourceMatrix {
        switch swsMatrix {
        case SWS_CS_ITU709: ToneMapper.SourceMatrix(kr: 0.2126, kb: 0.0722, fullRange: false)
        case SWS_CS_ITU601: ToneMapper.SourceMatrix(kr: 0.299, kb: 0.114, fullRange: false)
        case SWS_CS_SMPTE240M: ToneMapper.SourceMatrix(kr: 0.212, kb: 0.087, fullRange: false)
        case SWS_CS_FCC: ToneMapper.SourceMatrix(kr: 0.30, kb: 0.11, fullRange: false)
        default: .bt2020
        }
    }

    private func setColorspace(_ context: OpaquePointer, source: Int32, sourceFull: Bool, destination: Int32, destinationFull: Bool) {
        // Returns -1 for RGB↔RGB only; every call here has a YUV side.
        _ = sws_setColorspaceDetails(context, sws_getCoefficients(source), sourceFull ? 1 : 0,
                                     sws_getCoefficients(destination), destinationFull ? 1 : 0,
                                     0, 1 << 16, 1 << 16)
    }

    private func scale(_ source: UnsafePointer<AVFrame>, with context: OpaquePointer?, into target: UnsafeMutablePointer<AVFrame>) throws {
        let rows = withUnsafePointer(to: source.pointee.data) { s in
            withUnsafePointer(to: source.pointee.linesize) { sl in
                withUnsafeMutablePointer(to: &target.pointee.data) { d in
                    withUnsafeMutablePointer(to: &target.pointee.linesize) { dl in
                        sws_scale(context,
                                  UnsafeRawPointer(s).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                                  UnsafeRawPointer(sl).assumingMemoryBound(to: Int32.self),
                                  0, source.pointee.height,
                                  UnsafeMutableRawPointer(d).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                                  UnsafeMutableRawPointer(dl).assumingMemoryBound(to: Int32.self))
                    }
                }
            }
        }
        try FFmpegCall.check(rows, "sws_scale")
    }

    /// Untagged video: FFmpeg's and players' convention — HD and larger is BT.709, SD is BT.601.
    static func swsColorspace(_ space: AVColorSpace, height: Int, hdr: Bool) -> Int32 {
        switch space {
        case AVCOL_SPC_BT709: SWS_CS_ITU709
        case AVCOL_SPC_BT470BG, AVCOL_SPC_SMPTE170M: SWS_CS_ITU601
        case AVCOL_SPC_SMPTE240M: SWS_CS_SMPTE240M
        case AVCOL_SPC_FCC: SWS_CS_FCC
        case AVCOL_SPC_BT2020_NCL, AVCOL_SPC_BT2020_CL: SWS_CS_BT2020
        default: hdr ? SWS_CS_BT2020 : (height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601)
        }
    }

    private static func isJPEGFormat(_ format: AVPixelFormat) -> Bool {
        [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P, AV_PIX_FMT_YUVJ440P, AV_PIX_FMT_YUVJ411P].contains(format)
    }

    static func name(_ format: AVPixelFormat) -> String {
        guard let name = av_get_pix_fmt_name(format) else { return "pixel format \(format.rawValue)" }
        return String(cString: name)
    }

    static func allocateFrame(width: Int, height: Int, format: AVPixelFormat) throws -> UnsafeMutablePointer<AVFrame> {
        guard let frame = av_frame_alloc() else {
            throw MediaError.ffmpeg(operation: "av_frame_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        frame.pointee.width = Int32(width)
        frame.pointee.height = Int32(height)
        frame.pointee.format = format.rawValue
        let status = av_frame_get_buffer(frame, 0)
        if status < 0 {
            var f: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&f)
            throw FFmpegCall.error(status, "av_frame_get_buffer")
        }
        return frame
    }
}
