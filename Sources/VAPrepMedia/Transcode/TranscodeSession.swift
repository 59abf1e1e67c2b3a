internal import CFFmpeg

/// The encoding half of a transcode: takes decoded pictures of the window in order and
/// turns them into the finished MP4 (convert → rotate → fps cap → x264 → mp4 in memory).
///
/// Separate from the decoding so it can be driven by any frame source (the tests feed
/// synthetic frames). Owns the picture maker (``OutputPictures``), the encoder and the
/// muxer; all are freed in deinit, whether `finish` was reached or an error/cancellation
/// ended the work early.
///
/// Two threads may share the work, one making pictures and one encoding them:
/// ``picture(from:seconds:)`` on the first, ``encode(_:)`` on the second, in order, with the
/// pictures passed between them through a queue that synchronises (`FrameHandoff`);
/// ``finish()`` once both are done. ``add(_:seconds:)`` does both steps on one thread.
final class TranscodeSession {
    /// Output time base: 90 kHz, the MPEG clock, exact for 24/25/30/50/60 and 1000/1001 rates.
    static let timeBase = AVRational(num: 1, den: 90_000)

    private let pictures: OutputPictures
    private let encoder: H264Encoder
    private let muxer: MemoryMuxer
    private let frameTicks: Int64
    private var audio: AACPacketCopy?
    private var audioStream: Int32?
    private var nextAudioPacket = 0
    /// Clip time of the first frame encoded (the output's t = 0), as the encoding side saw it.
    private var origin: Double?
    private(set) var frameCount = 0
    /// Frames encoded with regions of interest (see ``H264Encoder/weightedFrameCount``).
    var weightedFrameCount: Int { encoder.weightedFrameCount }

    /// - Parameters:
    ///   - sourceFps: the source's average rate; with the cap it sets the nominal output rate.
    ///   - audio: AAC packets of the window to copy, or nil for no audio.
    init(settings: TranscodeSettings, orientation: Orientation, sourceFps: Double?,
         audio: AACPacketCopy?, encoderThreads: Int = 0,
         scaleFlags: Int32 = SWS_BICUBIC) throws {
        guard settings.outputWidth > 0, settings.outputHeight > 0,
              settings.outputWidth % 2 == 0, settings.outputHeight % 2 == 0 else {
            throw MediaError.ffmpeg(operation: "TranscodeSettings(\(settings.outputWidth)x\(settings.outputHeight))",
                                    code: vaprep_averror(EINVAL),
                                    message: "the output size must be positive even numbers (yuv420p halves them for chroma)")
        }
        pictures = try OutputPictures(settings: settings, orientation: orientation, scaleFlags: scaleFlags)

        var fps = sourceFps ?? 30
        if !(fps > 0 && fps.isFinite) { fps = 30 }
        if let cap = settings.maxFps, cap > 0 { fps = min(fps, cap) }
        let frameRate = av_d2q(fps, 90_000)
        frameTicks = max(1, Int64((90_000 / fps).rounded()))

        var maxRate = settings.maxRateBitsPerSecond
        if let rate = maxRate, rate <= 0 { maxRate = nil }
        encoder = try H264Encoder(H264Encoder.Configuration(
            width: settings.outputWidth, height: settings.outputHeight,
            frameRate: frameRate, timeBase: TranscodeSession.timeBase,
            crf: settings.crf, maxRateBitsPerSecond: maxRate,
            bufferSizeBits: maxRate == nil ? nil : (settings.bufferSizeBits ?? maxRate),
            preset: settings.preset, x264Params: settings.x264Params, threads: encoderThreads,
            // A verification clip is played start to end, never seeked: one IDR per 10 s
            // (x264's own default of 250 frames at 25 fps) spends the bits on quality.
            // fps is finite and in (0, 1000] (FileValue bounds it at probe time); clamped anyway.
            gopSize: Int(min(max(1, (fps * 10).rounded()), Double(Int32.max)))))
        muxer = try MemoryMuxer()
        try muxer.addVideoStream(from: encoder)
        if let audio {
            audioStream = try muxer.addCopiedStream(parameters: audio.parameters, timeBase: audio.timeBase)
            self.audio = audio
        }
        try muxer.writeHeader()
    }

    /// Adds one decoded frame at `seconds` of clip time. Returns whether it was kept
    /// (outside the window or over the fps cap it is dropped).
    @discardableResult
    func add(_ frame: UnsafePointer<AVFrame>, seconds: Double) throws -> Bool {
        guard let picture = try picture(from: frame, seconds: seconds) else { return false }
        try encode(picture)
        return true
    }

    /// The picture-making step of ``add(_:seconds:)``: nil when the frame is dropped.
    func picture(from frame: UnsafePointer<AVFrame>, seconds: Double) throws -> OutputPicture? {
        try pictures.picture(from: frame, seconds: seconds)
    }

    /// The encoding step of ``add(_:seconds:)``: x264, then the muxer (with the audio up to
    /// this picture's time).
    func encode(_ picture: OutputPicture) throws {
        if origin == nil { origin = picture.origin }
        try encoder.encode(picture.frame) { packet in try write(packet) }
        frameCount += 1
    }

    /// Flushes the encoder, writes the remaining audio and the trailer, and returns the
    /// MP4 with `moov` first plus the video duration in seconds.
    func finish() throws -> (mp4: [UInt8], durationSeconds: Double) {
        try encoder.encode(nil) { packet in try write(packet) }
        try writeAudio(upTo: .infinity)
        let mp4 = try muxer.finish()
        let duration = frameCount == 0 ? 0 : Double(pictures.lastPts + frameTicks) / 90_000
        return (mp4, duration)
    }

    private func write(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        // Audio up to this packet's decode time first, so the file is interleaved by time.
        let dts = packet.pointee.dts == vaprep_nopts() ? packet.pointee.pts : packet.pointee.dts
        try writeAudio(upTo: Double(dts) / 90_000)
        try muxer.writeVideo(packet, duration: frameTicks)
    }

    private func writeAudio(upTo outputSeconds: Double) throws {
        guard let audio, let audioStream, let origin else { return }
        let offset = av_rescale_q(Int64((origin * 1_000_000).rounded()), AVRational(num: 1, den: 1_000_000), audio.timeBase)
        while nextAudioPacket < audio.packets.count {
            let packet = audio.packets[nextAudioPacket]
            let seconds = audio.seconds(of: packet) - origin
            if seconds > outputSeconds { return }
            nextAudioPacket += 1
            // Audio that starts before the first video frame would get a negative time.
            guard seconds >= 0 else { continue }
            guard let copy = av_packet_clone(packet) else {
                throw MediaError.ffmpeg(operation: "av_packet_clone", code: vaprep_averror(ENOMEM), message: "out of memory")
            }
            var owned: UnsafeMutablePointer<AVPacket>? = copy
            defer { av_packet_free(&owned) }
            // The file's audio timestamps, shifted checked: a wrap would trap.
            copy.pointee.pts = try FileValue.difference(copy.pointee.pts, offset)
            if copy.pointee.dts != vaprep_nopts() { copy.pointee.dts = try FileValue.difference(copy.pointee.dts, offset) }
            try muxer.writeCopied(copy, streamIndex: audioStream, timeBase: audio.timeBase)
        }
    }
}
