internal import CFFmpeg

/// The picture half of a transcode: decides which decoded frames of the window are kept and
/// turns each into an ``OutputPicture`` (window cut → fps cap → timestamp → convert → rotate).
///
/// Scaling happens before rotating, so the rotation only moves the small planes. Every
/// picture gets a buffer of its own (from a ``PicturePool``), since it may wait in a queue
/// while the next is made.
/// Not thread-safe: one thread makes the pictures.
final class OutputPictures {
    let settings: TranscodeSettings
    let orientation: Orientation
    private let converter: FrameConverter
    private let pool: PicturePool
    private var limiter: FrameRateLimiter
    /// Clip time of the first frame kept: the output's t = 0.
    private(set) var origin: Double?
    /// Timestamp of the last picture made, in 90 kHz ticks.
    private(set) var lastPts: Int64 = -1

    init(settings: TranscodeSettings, orientation: Orientation, scaleFlags: Int32 = SWS_BICUBIC) throws {
        self.settings = settings
        self.orientation = orientation
        let (storedWidth, storedHeight) = orientation.swapsAxes
            ? (settings.outputHeight, settings.outputWidth) : (settings.outputWidth, settings.outputHeight)
        converter = try FrameConverter(width: storedWidth, height: storedHeight, scaleFlags: scaleFlags)
        limiter = FrameRateLimiter(maxFps: settings.maxFps)
        pool = try PicturePool(width: settings.outputWidth, height: settings.outputHeight)
    }

    /// The output picture for the decoded `frame` at `seconds` of clip time, or nil when the
    /// frame is dropped (outside the window, or over the fps cap).
    func picture(from frame: UnsafePointer<AVFrame>, seconds: Double) throws -> OutputPicture? {
        let relative = seconds - settings.start
        // 1 ms: container clocks round frame times; no real frame interval is that short.
        guard relative >= -0.001, relative < settings.duration - 0.001 else { return nil }
        guard limiter.keep(time: relative) else { return nil }
        let origin = self.origin ?? seconds
        self.origin = origin
        var pts = Int64(((seconds - origin) * 90_000).rounded())
        if pts <= lastPts { pts = lastPts + 1 }   // never two frames on one timestamp
        lastPts = pts

        let target = try pool.frame()
        let picture = OutputPicture(taking: target, origin: origin)   // frees `target` on a throw below
        if orientation == .upright {
            try converter.convert(frame, into: target)
        } else {
            let converted = try converter.convert(frame)
            rotate(converted, into: target)
            FrameConverter.tagBT709(target)
        }
        target.pointee.pts = pts
        target.pointee.pict_type = AV_PICTURE_TYPE_NONE
        try attachRegions(to: target, seconds: seconds)
        return picture
    }

    /// The face weighting's regions of interest for the picture at `seconds` of clip time, as
    /// frame side data for x264; none (and none left from the pool) without a face.
    private func attachRegions(to target: UnsafeMutablePointer<AVFrame>, seconds: Double) throws {
        let regions = settings.faceWeighting?.regions(at: seconds, width: settings.outputWidth,
                                                      height: settings.outputHeight) ?? []
        // Offsets in ten-thousandths: exact for the tuned values, far finer than one QP (1/51).
        let rois = regions.map { region in
            vaprep_roi(left: Int32(region.left), top: Int32(region.top), right: Int32(region.right),
                       bottom: Int32(region.bottom),
                       qoffset_num: Int32((min(1, max(-1, region.qoffset)) * 10_000).rounded()), qoffset_den: 10_000)
        }
        try FFmpegCall.check(rois.withUnsafeBufferPointer { vaprep_frame_set_rois(target, $0.baseAddress, Int32($0.count)) },
                             "vaprep_frame_set_rois")
    }

    /// Rotates the three planes of a `yuv420p` picture (the chroma planes are half size).
    private func rotate(_ source: UnsafeMutablePointer<AVFrame>, into target: UnsafeMutablePointer<AVFrame>) {
        let planes = [(source.pointee.data.0, source.pointee.linesize.0, target.pointee.data.0, target.pointee.linesize.0, 0),
                      (source.pointee.data.1, source.pointee.linesize.1, target.pointee.data.1, target.pointee.linesize.1, 1),
                      (source.pointee.data.2, source.pointee.linesize.2, target.pointee.data.2, target.pointee.linesize.2, 1)]
        for (from, fromStride, to, toStride, shift) in planes {
            PlaneRotation.apply(orientation, source: from!, sourceStride: Int(fromStride),
                                width: Int(source.pointee.width) >> shift, height: Int(source.pointee.height) >> shift,
                                destination: to!, destinationStride: Int(toStride))
        }
    }
}
