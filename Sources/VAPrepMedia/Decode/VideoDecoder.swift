internal import CFFmpeg

/// Decodes the video stream of a ``MediaInput``, frame-accurately from any start time.
///
/// The read → send → receive loop follows FFmpeg's `doc/examples/demux_decode.c`:
/// `AVERROR(EAGAIN)` from `avcodec_receive_frame` means "send the next packet", and at the
/// end of the file a NULL packet flushes the frames still inside the decoder (with frame
/// threading that is up to one frame per thread) before `AVERROR_EOF`.
///
/// Not thread-safe; one decoder per task. Owns its codec context and packet.
final class VideoDecoder {
    let input: MediaInput
    private let codecContext: UnsafeMutablePointer<AVCodecContext>
    private let packet: UnsafeMutablePointer<AVPacket>
    private let streamIndex: Int32
    private let timeBase: AVRational
    /// The stream's first timestamp; frame seconds are measured from it so that the first
    /// frame of every clip is at ~0 whatever the container's epoch (MPEG-TS starts at 1.4 s).
    private let originTimestamp: Int64
    private var draining = false
    private var finished = false
    /// Whether any packet has been read since the input was opened (false: the demuxer is at
    /// the start). Kept on the input, so a second decoder on a reused input knows it too.
    private var hasRead: Bool {
        get { input.hasBeenRead }
        set { input.hasBeenRead = newValue }
    }
    /// Seconds of the last frame returned by ``nextFrame()``, nil right after a seek.
    private(set) var lastFrameSeconds: Double?
    /// The latest frame time since the last seek: how far the data reached (timestamps of a
    /// broken file may run backwards, so not simply the last frame's).
    private var furthestFrameSeconds: Double?
    /// The last frame returned, so a time past the end can still be answered after the
    /// decoder already reached the end while decoding on (no seek).
    private var lastReturned: DecodedFrame?
    private var lastTimestamp: Int64?
    /// Frames decoded since this decoder was made (sparse sampling is measured by it).
    private(set) var framesDecoded = 0
    /// Frames and packets the decoder rejected as damaged; past the cap the clip is corrupt.
    private var damagedFrames = 0
    /// While positioning on a time, packets well before it skip their non-reference frames
    /// (nobody sees them and no other frame needs them); see `sendNextPacket`.
    private var positioningTarget: Double?
    static let maxDamagedFrames = 64
    /// Frames × pixels and wall clock this decoder may spend (``MediaLimits``).
    private var budget: DecodeBudget

    /// Called with every packet of the other streams (audio, data) read while decoding,
    /// e.g. so the transcoder can copy audio in the same pass. The packet is unreferenced
    /// after the call returns.
    var onOtherPacket: ((UnsafeMutablePointer<AVPacket>) throws -> Void)?

    /// Nominal frame duration in seconds (from the average frame rate; 1/30 when unknown).
    let frameDuration: Double

    /// - Parameter threads: decoder threads; 0 lets FFmpeg pick one per core.
    init(input: MediaInput, threads: Int = 0) throws {
        self.input = input
        let stream = input.videoStream
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError.unsupportedCodec(String(cString: avcodec_get_name(parameters.pointee.codec_id)))
        }
        guard let context = avcodec_alloc_context3(codec), let packet = av_packet_alloc() else {
            throw MediaError.ffmpeg(operation: "avcodec_alloc_context3", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        codecContext = context
        self.packet = packet
        streamIndex = input.videoStreamIndex
        frameDuration = input.info.video.fps > 0 ? 1 / input.info.video.fps : 1.0 / 30
        budget = DecodeBudget(limits: input.limits, interrupt: input.interrupt)
        // Before the first throw, so that deinit (which runs once every stored property is set)
        // frees context and packet whatever throws below.
        timeBase = stream.pointee.time_base
        originTimestamp = stream.pointee.start_time == vaprep_nopts() ? 0 : stream.pointee.start_time
        _ = try FileValue.timeBase(timeBase)
        var result = avcodec_parameters_to_context(context, parameters)
        guard result >= 0 else { throw MediaError.reading("read the codec parameters", result) }
        context.pointee.pkt_timebase = timeBase
        context.pointee.thread_count = Int32(clamping: threads)
        context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
        // A header can lie about the size; the decoder refuses frames above the limit.
        context.pointee.max_pixels = Int64(input.limits.maxPixels)
        result = avcodec_open2(context, codec, nil)
        guard result >= 0 else { throw MediaError.reading("open the \(input.info.video.codec) decoder", result) }
    }

    deinit {
        // The decode deadline was armed on the input's interrupt; a reused source starts clean.
        input.interrupt.disarm()
        var context: UnsafeMutablePointer<AVCodecContext>? = codecContext
        avcodec_free_context(&context)
        var packet: UnsafeMutablePointer<AVPacket>? = self.packet
        av_packet_free(&packet)
    }

    // MARK: - Window decoding

    /// Decodes frames whose time is in `[start, end)` (seconds from the clip's start; `end`
    /// nil means to the end of the clip) and hands each to `body`; `body` returns false to stop.
    ///
    /// Seeks to the keyframe at or before `start` and decodes forward, dropping earlier
    /// frames, so the first frame delivered is the first one at or after `start`.
    /// - Throws: ``MediaError/cancelled`` when the task is cancelled, decoding errors, or
    ///   whatever `body` throws.
    func decode(from start: Double, to end: Double?, _ body: (DecodedFrame) throws -> Bool) throws {
        var next = try positionedFrame(atOrAfter: start)
        while let frame = next {
            // Only `frame(atOrAfter:)` needs the last frame kept; here it would pin one more
            // picture of the decoder's pool (3 MB at 1080p) while `body` holds on to it.
            lastReturned = nil
            if let end, frame.seconds >= end - 1e-6 { return }
            if try !body(frame) { return }
            next = try nextFrame()
        }
    }

    /// The first frame at or after `seconds`, seeking only when that is faster than
    /// decoding on from the current position (sparse sampling of long clips). Returns the
    /// clip's last frame when `seconds` lies beyond it, nil when the clip has no frames.
    func frame(atOrAfter seconds: Double) throws -> DecodedFrame? {
        try positionedFrame(atOrAfter: seconds, returnLastAtEnd: true)
    }

    private func positionedFrame(atOrAfter start: Double, returnLastAtEnd: Bool = false) throws -> DecodedFrame? {
        positioningTarget = start
        defer {
            positioningTarget = nil
            codecContext.pointee.skip_frame = AVDISCARD_DEFAULT
        }
        var backoff = 0.0
        var seekTarget: Double? = try needsSeek(to: start) ? start : nil
        while true {
            if let target = seekTarget { try seek(to: target) }
            var last: DecodedFrame? = seekTarget == nil ? lastReturned : nil
            var firstAfterSeek = seekTarget != nil
            while let frame = try nextFrame() {
                // Demuxers without an index (MPEG-TS, FLV) seek by bisection and can land after
                // the wanted keyframe; back off further and retry (1, 2, 4, 8 s).
                if firstAfterSeek, frame.seconds > start + 1.5 * frameDuration, start > 0, backoff < 8 {
                    backoff = max(1, backoff * 2)
                    seekTarget = max(0, start - backoff)
                    break
                }
                firstAfterSeek = false
                if frame.seconds + 1e-6 >= start { return frame }
                last = frame
            }
            if finished { return returnLastAtEnd ? last : nil }
        }
    }

    /// Continue forward instead of seeking when the keyframe before `seconds` is already
    /// behind the decoder (so a seek would only re-decode the same frames).
    private func needsSeek(to seconds: Double) throws -> Bool {
        let position: Double
        if let lastFrameSeconds { position = lastFrameSeconds }
        else if !hasRead { position = 0 }
        else { return true }
        if seconds < position { return true }
        let target = try FileValue.ticks(seconds: seconds, timeBase: timeBase, origin: originTimestamp)
        if let entry = avformat_index_get_entry_from_timestamp(input.videoStream, target, AVSEEK_FLAG_BACKWARD) {
            let keyframeSeconds = FileValue.seconds(try FileValue.difference(entry.pointee.timestamp, originTimestamp),
                                                    timeBase)
            return keyframeSeconds > position + 1e-6
        }
        // No index: decoding up to two seconds on is cheaper than a bisecting seek.
        return seconds - position > 2
    }

    /// The key packet at or before `seconds`, read but not decoded (``decodeAlone(_:)``
    /// decodes it on its own: send that one packet, drain the decoder, flush): nil at the end
    /// of the clip or when `isNew` says the packet was seen.
    ///
    /// The cheapest picture near a time: an intra frame needs no reference, so nothing
    /// before or after it is decoded. Non-key packets are dropped before the decoder, which
    /// is what `skip_frame = AVDISCARD_NONKEY` does, except that a packet the container
    /// flags as a sync sample but the codec would not call a keyframe (an H.264 recovery
    /// point, an HEVC CRA) is still decoded instead of silently skipped.
    ///
    /// `isNew` is asked with the key packet's timestamp (pts, else dts, in stream ticks)
    /// before anything is read past it; false returns nil at once. Times that land on a
    /// keyframe already decoded then cost a seek and one packet read, not a decode: with x264's
    /// and x265's default of one keyframe every 250 frames, 8 of a window search's 12 times on a
    /// 30 s 1080p30 clip (measured under load: the search's wall time fell from 1.34 s to
    /// 0.41 s). A packet without any timestamp is always returned.
    func keyPacket(atOrBefore seconds: Double, isNew: (Int64) -> Bool = { _ in true }) throws -> KeyPacket? {
        try seek(to: seconds)
        while true {
            if Task.isCancelled || input.interrupt.cancelFired {
                input.interrupt.cancel()
                throw MediaError.cancelled
            }
            let read = av_read_frame(input.formatContext, packet)
            if read < 0 {
                if input.interrupt.cancelFired { throw MediaError.cancelled }
                finished = true
                return nil
            }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex, packet.pointee.flags & AV_PKT_FLAG_KEY != 0 else { continue }
            let stamp = packet.pointee.pts != vaprep_nopts() ? packet.pointee.pts : packet.pointee.dts
            guard stamp == vaprep_nopts() || isNew(stamp) else {
                finished = true
                return nil
            }
            guard let key = KeyPacket(referencing: packet) else {
                throw MediaError.ffmpeg(operation: "av_packet_clone", code: vaprep_averror(ENOMEM), message: "out of memory")
            }
            return key
        }
    }

    /// Decodes `key` on its own: reset, send that one packet, drain. Nil when it gives no
    /// picture (a damaged packet). Uses only this decoder's codec context, never the input's
    /// demuxer, so several decoders of one input can decode packets one of them read, each
    /// on its own thread.
    func decodeAlone(_ key: KeyPacket) throws -> DecodedFrame? {
        avcodec_flush_buffers(codecContext)
        // The drain below leaves the decoder at its end; the next call's flush resets it.
        defer { lastReturned = nil }
        draining = false
        finished = false
        let sent = avcodec_send_packet(codecContext, key.pointer)
        if sent == vaprep_averror_invaliddata() { return nil }
        guard sent >= 0 else { throw MediaError.ffmpeg("avcodec_send_packet", sent) }
        draining = true
        let flushed = avcodec_send_packet(codecContext, nil)
        guard flushed >= 0 || flushed == vaprep_averror_eof() else {
            throw MediaError.ffmpeg("avcodec_send_packet(flush)", flushed)
        }
        guard let frame = av_frame_alloc() else {
            throw MediaError.ffmpeg(operation: "av_frame_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        let received = avcodec_receive_frame(codecContext, frame)
        guard received == 0 else {
            var doomed: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&doomed)
            finished = true
            if received == vaprep_averror_eof() || received == vaprep_averror_invaliddata() { return nil }
            throw MediaError.ffmpeg("avcodec_receive_frame", received)
        }
        framesDecoded += 1
        finished = true
        let seconds: Double
        do { seconds = try self.seconds(of: frame) } catch {
            var doomed: UnsafeMutablePointer<AVFrame>? = frame
            av_frame_free(&doomed)
            throw error
        }
        return DecodedFrame(taking: frame, seconds: seconds)
    }

    // MARK: - Primitive steps

    /// Seeks to the keyframe at or before `seconds` and resets the decoder.
    func seek(to seconds: Double) throws {
        let target = try FileValue.ticks(seconds: max(0, seconds), timeBase: timeBase, origin: originTimestamp)
        var result = av_seek_frame(input.formatContext, streamIndex, target, AVSEEK_FLAG_BACKWARD)
        if result < 0 {
            // Before the first keyframe of some files BACKWARD finds nothing; the start always works.
            result = av_seek_frame(input.formatContext, streamIndex, originTimestamp, AVSEEK_FLAG_BACKWARD)
        }
        if result < 0, input.interrupt.deadlineFired { throw budget.deadlineError }
        guard result >= 0 else { throw MediaError.reading("seek to \(seconds) s", result) }
        avcodec_flush_buffers(codecContext)
        draining = false
        finished = false
        hasRead = true
        lastFrameSeconds = nil
        furthestFrameSeconds = nil
        lastTimestamp = nil
        lastReturned = nil
    }

    /// The next frame in presentation order, or nil after the last one.
    func nextFrame() throws -> DecodedFrame? {
        if finished { return nil }
        guard let frame = av_frame_alloc() else {
            throw MediaError.ffmpeg(operation: "av_frame_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        var owned: UnsafeMutablePointer<AVFrame>? = frame
        defer { if owned != nil { av_frame_free(&owned) } }
        while true {
            let result = avcodec_receive_frame(codecContext, frame)
            if result == 0 {
                // Checked before the frame is handed out; `owned` frees it when either throws.
                try budget.charge(width: frame.pointee.width, height: frame.pointee.height)
                let seconds = try seconds(of: frame)
                owned = nil
                let decoded = DecodedFrame(taking: frame, seconds: seconds)
                framesDecoded += 1
                lastFrameSeconds = decoded.seconds
                furthestFrameSeconds = max(furthestFrameSeconds ?? seconds, seconds)
                lastReturned = decoded
                return decoded
            }
            if result == vaprep_averror_eof() || (result == vaprep_averror_eagain() && draining) {
                finished = true
                // The data ended: well before the declared end means the file was cut short.
                try input.checkEndOfData(lastFrameSeconds: furthestFrameSeconds, frameDuration: frameDuration)
                return nil
            }
            if result == vaprep_averror_invaliddata() && damagedFrames < VideoDecoder.maxDamagedFrames {
                // One undecodable frame (damaged slice data): like ffmpeg, go on with the next.
                damagedFrames += 1
                FFmpegLog.logger.debug("skipped an undecodable frame: \(ffmpegErrorText(result))")
                continue
            }
            guard result == vaprep_averror_eagain() else {
                throw MediaError.unreadable("the \(input.info.video.codec) video could not be decoded (\(ffmpegErrorText(result)))")
            }
            try sendNextPacket()
        }
    }

    /// Reads packets until one video packet was sent, or sends the flush packet at the end.
    private func sendNextPacket() throws {
        while true {
            // Off the cooperative pool (BlockingWork) there is no task: the interrupt carries cancellation.
            if Task.isCancelled || input.interrupt.cancelFired {
                input.interrupt.cancel()
                throw MediaError.cancelled
            }
            try budget.checkDeadline()
            hasRead = true
            let read = av_read_frame(input.formatContext, packet)
            if read < 0 {
                if input.interrupt.cancelFired { throw MediaError.cancelled }
                if input.interrupt.deadlineFired { throw budget.deadlineError }
                if read != vaprep_averror_eof() {
                    // A truncated file ends in a read error rather than EOF; like the ffmpeg
                    // command line, keep the frames decoded so far.
                    FFmpegLog.logger.debug("read ended early: \(ffmpegErrorText(read))")
                }
                draining = true
                let flushed = avcodec_send_packet(codecContext, nil)
                guard flushed >= 0 || flushed == vaprep_averror_eof() else {
                    throw MediaError.reading("flush the \(input.info.video.codec) decoder", flushed)
                }
                return
            }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex else {
                try onOtherPacket?(packet)
                continue
            }
            if let target = positioningTarget {
                // Frames more than a reorder distance before the target are decoded only as
                // references: skipping the non-reference ones (most B-frames) saves about
                // a third of the decoding on the way to a sample, and the frames at and after
                // the target come out bit-identical (tested against a full decode).
                let margin = max(0.3, 8 * frameDuration)
                let stamp = packet.pointee.pts != vaprep_nopts() ? packet.pointee.pts : packet.pointee.dts
                let early = try stamp != vaprep_nopts()
                    && FileValue.seconds(FileValue.difference(stamp, originTimestamp), timeBase) < target - margin
                codecContext.pointee.skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
            }
            let sent = avcodec_send_packet(codecContext, packet)
            if sent == vaprep_averror_invaliddata() && damagedFrames < VideoDecoder.maxDamagedFrames {
                damagedFrames += 1
                // One damaged packet: the decoder conceals it; skip it like ffmpeg does.
                FFmpegLog.logger.debug("skipped a damaged video packet")
                continue
            }
            if sent == vaprep_averror_invaliddata() {
                throw MediaError.unreadable("more than \(VideoDecoder.maxDamagedFrames) damaged \(input.info.video.codec) packets")
            }
            guard sent >= 0 else { throw MediaError.reading("decode a \(input.info.video.codec) packet", sent) }
            return
        }
    }

    /// The frame's time in seconds from the stream's origin, checked: every later stage
    /// (window, fps cap, output timestamps) may rely on it being within the duration limit.
    private func seconds(of frame: UnsafeMutablePointer<AVFrame>) throws -> Double {
        var timestamp = frame.pointee.best_effort_timestamp
        if timestamp == vaprep_nopts() { timestamp = frame.pointee.pts }
        if timestamp == vaprep_nopts() {
            // No timestamp at all: continue from the previous frame by one frame duration.
            let step = max(1, vaprep_frame_duration(frame))
            timestamp = try FileValue.sum(lastTimestamp ?? FileValue.difference(originTimestamp, step), step)
        }
        lastTimestamp = timestamp
        let seconds = try self.seconds(ofTimestamp: timestamp)
        let bound = input.limits.maxDurationSeconds
        if seconds > bound {
            throw MediaError.limitExceeded(limit: "durationSeconds", value: "a frame at \(seconds) s", max: "\(bound)")
        }
        if seconds < -bound {
            throw MediaError.impossible("a frame's timestamp lies \(-seconds) s before the stream's start")
        }
        return seconds
    }

    /// A timestamp in stream ticks (a frame's or a packet's) as seconds from the stream's origin.
    func seconds(ofTimestamp timestamp: Int64) throws -> Double {
        FileValue.seconds(try FileValue.difference(timestamp, originTimestamp), timeBase)
    }
}
