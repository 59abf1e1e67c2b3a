import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local video file opened safely: the only way any stage of vaprep reaches FFmpeg's
/// demuxer. Owns the `AVFormatContext` and closes it in `deinit`.
///
/// Order of checks (cheapest and safest first):
/// 1. `stat`: exists, regular file, readable, not empty, under ``MediaLimits/maxFileBytes``.
/// 2. `avformat_open_input` on `file:<absolute path>` with `protocol_whitelist=file`,
///    `format_whitelist` (see ``AllowedContainers``), `enable_drefs=0`, and the interrupt
///    callback armed with ``MediaLimits/openDeadlineSeconds``.
/// 3. `avformat_find_stream_info`, bounded by `probesize` / `analyzeduration` and the same deadline.
/// 4. Limits on what the probe found: streams, pixels, duration; then the best video stream.
final class MediaInput {
    /// The opened demuxer context; valid for the lifetime of this object.
    let formatContext: UnsafeMutablePointer<AVFormatContext>
    /// Index of the chosen video stream in `formatContext.streams`.
    let videoStreamIndex: Int32
    /// What the probe found.
    let info: MediaInfo
    /// The path as given by the caller (for messages).
    let path: String
    /// The limits this input was opened with (the decoder reuses `maxPixels`).
    let limits: MediaLimits
    /// Deadline and cancel flag polled by FFmpeg during I/O on this context.
    let interrupt: InterruptState

    /// Whether a decoder has read or seeked since the open (false: the next packet read is the
    /// clip's first). See `VideoDecoder`.
    var hasBeenRead = false

    /// The chosen video stream.
    var videoStream: UnsafeMutablePointer<AVStream> { formatContext.pointee.streams[Int(videoStreamIndex)]! }

    // 5 MB / 5 s are FFmpeg's own defaults, written out so a future default change cannot
    // make probing unbounded; enough for every phone clip measured (moov is parsed
    // whole regardless, and H.264/HEVC parameters sit in the first packets).
    static let probeSizeBytes = 5_000_000
    static let analyzeDurationMicroseconds = 5_000_000

    private init(context: UnsafeMutablePointer<AVFormatContext>, videoStreamIndex: Int32, info: MediaInfo,
                 path: String, limits: MediaLimits, interrupt: InterruptState) {
        self.formatContext = context
        self.videoStreamIndex = videoStreamIndex
        self.info = info
        self.path = path
        self.limits = limits
        self.interrupt = interrupt
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = formatContext
        avformat_close_input(&context)
    }

    /// Opens and probes `path`, or throws a ``MediaError`` saying what is wrong with it.
    /// Pass `interrupt` to cancel FFmpeg's I/O from a task cancellation handler.
    static func open(path: String, limits: MediaLimits = .default,
                     interrupt: InterruptState = InterruptState()) throws -> MediaInput {
        FFmpegLog.installOnce()
        MediaOpenCounter.record(path)
        if Task.isCancelled { throw MediaError.cancelled }
        let sizeBytes = try checkFile(path: path, limits: limits)
        let context = try openContext(path: path, limits: limits, interrupt: interrupt)
        let streamIndex: Int32, info: MediaInfo
        do {
            streamIndex = try pickVideoStream(context, path: path)
            info = try MediaInfo(context: context, videoStreamIndex: streamIndex, sizeBytes: sizeBytes)
        } catch {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            throw error
        }
        // From here on `input` owns `context`: any throw below closes it in deinit.
        let input = MediaInput(context: context, videoStreamIndex: streamIndex, info: info,
                               path: path, limits: limits, interrupt: interrupt)
        try input.checkLimits()
        interrupt.disarm()
        return input
    }

    // MARK: - Steps

    /// Returns the file size after checking the file itself, before FFmpeg touches it.
    private static func checkFile(path: String, limits: MediaLimits) throws -> Int64 {
        if looksLikeURL(path) { throw MediaError.unsupportedContainer("url") }
        var status = stat()
        guard stat(path, &status) == 0 else {
            switch errno {
            case EACCES: throw MediaError.permissionDenied(path)
            default: throw MediaError.fileNotFound(path)
            }
        }
        // A FIFO or device would make FFmpeg block or read without end.
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw MediaError.notAFile(path) }
        let size = Int64(status.st_size)
        guard size > 0 else { throw MediaError.emptyFile(path) }
        guard size <= limits.maxFileBytes else {
            throw MediaError.limitExceeded(limit: "fileBytes", value: "\(size)", max: "\(limits.maxFileBytes)")
        }
        guard access(path, R_OK) == 0 else { throw MediaError.permissionDenied(path) }
        return size
    }

    /// `concat:a|b`, `subfile,,start,…:`, `http://…`: FFmpeg would treat these as URLs
    /// (nested protocols). vaprep only opens local paths, so anything shaped like a URL
    /// that does not exist as a file is refused by name rather than as "not found".
    private static func looksLikeURL(_ path: String) -> Bool {
        guard let colon = path.firstIndex(of: ":"), colon != path.startIndex else { return false }
        let scheme = path[path.startIndex..<colon]
        let schemeChars = scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.,".contains($0)) }
        return schemeChars && access(path, F_OK) != 0
    }

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    private static func openContext(path: String, limits: MediaLimits,
                                    interrupt: InterruptState) throws -> UnsafeMutablePointer<AVFormatContext> {
        guard let allocated = avformat_alloc_context() else {
            throw MediaError.ffmpeg(operation: "avformat_alloc_context", code: vaprep_averror(ENOMEM),
                                    message: "out of memory")
        }
        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        vaprep_install_interrupt(allocated, interrupt.pointer)
        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        av_dict_set(&options, "format_whitelist", AllowedContainers.whitelist, 0)
        av_dict_set(&options, "enable_drefs", "0", 0)
        av_dict_set(&options, "probesize", "\(probeSizeBytes)", 0)
        av_dict_set(&options, "analyzeduration", "\(analyzeDurationMicroseconds)", 0)
        interrupt.arm(seconds: limits.openDeadlineSeconds)
        // "file:" makes FFmpeg read the argument as a plain path, never as another protocol's URL.
        let opened = avformat_open_input(&context, "file:" + absolute(path), nil, &options)
        if opened < 0 {
            // avformat_open_input frees the context on failure.
            throw classifyOpenFailure(opened, path: path, limits: limits, interrupt: interrupt)
        }
        guard let context else {
            throw MediaError.ffmpeg(operation: "avformat_open_input", code: opened, message: "no context")
        }
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            if interrupt.deadlineFired { throw MediaError.timedOut(seconds: limits.openDeadlineSeconds) }
            if interrupt.cancelFired { throw MediaError.cancelled }
            throw MediaError.corrupt("stream parameters could not be found (\(ffmpegErrorText(found)))")
        }
        if interrupt.deadlineFired { // some demuxers swallow the interrupt and return partial info
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            throw MediaError.timedOut(seconds: limits.openDeadlineSeconds)
        }
        return context
    }

    /// Turns a failed `avformat_open_input` into a precise error. FFmpeg reports a format
    /// refused by the whitelist only as EINVAL plus a log line, so the format is named by
    /// probing the file's first bytes the same way FFmpeg did.
    private static func classifyOpenFailure(_ code: Int32, path: String, limits: MediaLimits,
                                            interrupt: InterruptState) -> MediaError {
        if interrupt.deadlineFired { return .timedOut(seconds: limits.openDeadlineSeconds) }
        if interrupt.cancelFired { return .cancelled }
        if code == vaprep_averror(EACCES) { return .permissionDenied(path) }
        if code == vaprep_averror(ENOENT) { return .fileNotFound(path) }
        guard let format = FormatSniffer.detect(path: path) else { return .unrecognizedFormat(path) }
        if !AllowedContainers.allows(format) { return .unsupportedContainer(format) }
        return .corrupt("the \(format) container could not be read (\(ffmpegErrorText(code)))")
    }

    private static func pickVideoStream(_ context: UnsafeMutablePointer<AVFormatContext>, path: String) throws -> Int32 {
        let streams = UnsafeBufferPointer(start: context.pointee.streams, count: Int(context.pointee.nb_streams))
        func isPicture(_ index: Int) -> Bool {
            // Cover art in an audio file is a "video" stream of one JPEG: not a video.
            guard let stream = streams[index], let par = stream.pointee.codecpar else { return true }
            return par.pointee.codec_type != AVMEDIA_TYPE_VIDEO
                || (stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0
        }
        let best = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        if best >= 0 && !isPicture(Int(best)) { return best }
        if let other = streams.indices.first(where: { !isPicture($0) }) { return Int32(other) }
        throw MediaError.notAVideo(path)
    }

    private func checkLimits() throws {
        let streams = Int(formatContext.pointee.nb_streams)
        if streams > limits.maxStreams {
            throw MediaError.limitExceeded(limit: "streams", value: "\(streams)", max: "\(limits.maxStreams)")
        }
        let video = info.video
        if video.width <= 0 || video.height <= 0 {
            throw MediaError.corrupt("the video stream has no frame size")
        }
        if video.width * video.height > limits.maxPixels {
            throw MediaError.limitExceeded(limit: "pixels", value: "\(video.width)x\(video.height)",
                                           max: "\(limits.maxPixels)")
        }
        if info.durationSeconds > limits.maxDurationSeconds {
            throw MediaError.limitExceeded(limit: "durationSeconds", value: "\(info.durationSeconds)",
                                           max: "\(limits.maxDurationSeconds)")
        }
    }
}
