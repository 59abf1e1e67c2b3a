internal import CFFmpeg
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A video opened safely, from a local file or from bytes in memory: the only way any stage
/// of vaprep reaches FFmpeg's demuxer. Owns the `AVFormatContext` and closes it in `deinit`.
///
/// Order of checks (cheapest and safest first):
/// 1. A file: `stat` (exists, regular file, readable, not empty, under
///    ``MediaLimits/maxFileBytes``). Bytes: not empty, under the same limit.
/// 2. `avformat_open_input`, with `format_whitelist` (see ``AllowedContainers``),
///    `enable_drefs=0`, `max_streams` from ``MediaLimits/maxStreams``, and the interrupt
///    callback armed with ``MediaLimits/openDeadlineSeconds``. A file is opened as
///    `file:<absolute path>` with `protocol_whitelist=file`; bytes are read through a custom
///    `AVIOContext` and every nested open is refused (see `MemoryInput`).
/// 3. Before anything is decoded: stream count and each stream's declared width × height
///    against the limits (a lying header is refused here, in milliseconds).
/// 4. `avformat_find_stream_info`, bounded by `probesize` / `analyzeduration`, the same
///    deadline and per-stream decoder options (`max_pixels`, one thread).
/// 5. The values the probe found, checked (`FileValue`), then limits on them and the
///    integrity of the container's sample index against the data size.
final class MediaInput {
    /// The opened demuxer context; valid for the lifetime of this object.
    let formatContext: UnsafeMutablePointer<AVFormatContext>
    /// Index of the chosen video stream in `formatContext.streams`.
    let videoStreamIndex: Int32
    /// What the probe found.
    let info: MediaInfo
    /// The path as given by the caller, or the name given to bytes in memory (for messages).
    let path: String
    /// The limits this input was opened with (the decoder reuses `maxPixels`).
    let limits: MediaLimits
    /// Deadline and cancel flag polled by FFmpeg during I/O on this context.
    let interrupt: InterruptState
    /// The bytes FFmpeg reads for an in-memory input (nil for a file); released after the
    /// context is closed (stored properties are released after `deinit`'s body).
    private let memory: MemoryInput?

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

    /// The name an in-memory input goes by in messages.
    static let memoryName = "in-memory clip"

    /// Where the demuxer reads from.
    private enum Origin {
        case file(path: String)
        case memory(MemoryInput)
    }

    private init(context: UnsafeMutablePointer<AVFormatContext>, videoStreamIndex: Int32, info: MediaInfo,
                 path: String, limits: MediaLimits, interrupt: InterruptState, memory: MemoryInput?) {
        self.formatContext = context
        self.videoStreamIndex = videoStreamIndex
        self.info = info
        self.path = path
        self.limits = limits
        self.interrupt = interrupt
        self.memory = memory
    }

    /// The clip's bytes exactly as they are: read from the file, or the bytes given in memory.
    /// - Throws: ``MediaError/fileNotFound(_:)`` or ``MediaError/permissionDenied(_:)`` when the
    ///   file can no longer be read.
    func originalBytes() throws -> [UInt8] {
        if let memory { return memory.contents }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .uncached))
        } catch let error as CocoaError where error.code == .fileReadNoPermission {
            throw MediaError.permissionDenied(path)
        } catch {
            throw MediaError.fileNotFound(path)
        }
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
        return try open(origin: .file(path: path), name: path, sizeBytes: sizeBytes, limits: limits, interrupt: interrupt)
    }

    /// Opens and probes `bytes` held in memory under the same rules as a file; `name` stands
    /// for the path in messages.
    static func open(bytes: [UInt8], name: String = memoryName, limits: MediaLimits = .default,
                     interrupt: InterruptState = InterruptState()) throws -> MediaInput {
        FFmpegLog.installOnce()
        if Task.isCancelled { throw MediaError.cancelled }
        guard !bytes.isEmpty else { throw MediaError.emptyFile(name) }
        let sizeBytes = Int64(bytes.count)
        guard sizeBytes <= limits.maxFileBytes else {
            throw MediaError.limitExceeded(limit: "fileBytes", value: "\(sizeBytes)", max: "\(limits.maxFileBytes)")
        }
        let memory = try MemoryInput(bytes: bytes)
        return try open(origin: .memory(memory), name: name, sizeBytes: sizeBytes, limits: limits, interrupt: interrupt)
    }

    private static func open(origin: Origin, name: String, sizeBytes: Int64, limits: MediaLimits,
                             interrupt: InterruptState) throws -> MediaInput {
        let context = try openContext(origin: origin, name: name, limits: limits, interrupt: interrupt)
        let streamIndex: Int32, info: MediaInfo
        do {
            streamIndex = try pickVideoStream(context, path: name)
            info = try MediaInfo(context: context, videoStreamIndex: streamIndex, sizeBytes: sizeBytes)
        } catch {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            throw error
        }
        var memory: MemoryInput?
        if case .memory(let reader) = origin { memory = reader }
        // From here on `input` owns `context`: any throw below closes it in deinit.
        let input = MediaInput(context: context, videoStreamIndex: streamIndex, info: info,
                               path: name, limits: limits, interrupt: interrupt, memory: memory)
        try input.checkLimits()
        try input.checkIndexInsideData()
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

    private static func openContext(origin: Origin, name: String, limits: MediaLimits,
                                     interrupt: InterruptState) throws -> UnsafeMutablePointer<AVFormatContext> {
        guard let allocated = avformat_alloc_context() else {
            throw MediaError.ffmpeg(operation: "avformat_alloc_context", code: vaprep_averror(ENOMEM),
                                    message: "out of memory")
        }
        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        vaprep_install_interrupt(allocated, interrupt.pointer)
        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        let url: String
        switch origin {
        case .file(let path):
            // "file:" makes FFmpeg read the argument as a plain path, never as another protocol's URL.
            url = "file:" + absolute(path)
            av_dict_set(&options, "protocol_whitelist", "file", 0)
        case .memory(let memory):
            // The demuxer reads only these bytes: no protocol, no nested open of any name.
            url = ""
            allocated.pointee.pb = memory.context
            vaprep_refuse_nested_io(allocated)
            av_dict_set(&options, "protocol_whitelist", "none", 0)
        }
        av_dict_set(&options, "format_whitelist", AllowedContainers.whitelist, 0)
        av_dict_set(&options, "enable_drefs", "0", 0)
        av_dict_set(&options, "probesize", "\(probeSizeBytes)", 0)
        av_dict_set(&options, "analyzeduration", "\(analyzeDurationMicroseconds)", 0)
        // One more than the limit, so a file with too many streams still opens and is refused
        // by name below; FFmpeg stops creating streams (and allocating for them) past it.
        av_dict_set(&options, "max_streams", "\(limits.maxStreams + 1)", 0)
        interrupt.arm(seconds: limits.openDeadlineSeconds)
        let opened = avformat_open_input(&context, url, nil, &options)
        if opened < 0 {
            // avformat_open_input frees the context on failure (not a custom AVIOContext).
            throw classifyOpenFailure(opened, origin: origin, name: name, limits: limits, interrupt: interrupt)
        }
        guard let context else {
            throw MediaError.ffmpeg(operation: "avformat_open_input", code: opened, message: "no context")
        }
        do {
            try checkDeclaredStreams(context, limits: limits)
            try findStreamInfo(context, limits: limits, interrupt: interrupt)
        } catch {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            throw error
        }
        return context
    }

    /// What the container declares, checked before `avformat_find_stream_info` decodes anything:
    /// a header claiming 8192 × 8192 would otherwise have the decoder allocate for it first.
    private static func checkDeclaredStreams(_ context: UnsafeMutablePointer<AVFormatContext>,
                                             limits: MediaLimits) throws {
        let count = Int(context.pointee.nb_streams)
        if count > limits.maxStreams {
            throw MediaError.limitExceeded(limit: "streams", value: "\(count)", max: "\(limits.maxStreams)")
        }
        for stream in UnsafeBufferPointer(start: context.pointee.streams, count: count) {
            guard let par = stream?.pointee.codecpar, par.pointee.codec_type == AVMEDIA_TYPE_VIDEO else { continue }
            try FileValue.checkPixels(width: par.pointee.width, height: par.pointee.height, limits: limits)
        }
    }

    /// `avformat_find_stream_info` with a decoder option set per stream, so the frames it
    /// decodes are bounded like every later decode: `max_pixels` from the limits and one
    /// thread (frame threading would hold one picture per thread).
    private static func findStreamInfo(_ context: UnsafeMutablePointer<AVFormatContext>, limits: MediaLimits,
                                       interrupt: InterruptState) throws {
        let count = Int(context.pointee.nb_streams)
        var perStream = [OpaquePointer?](repeating: nil, count: max(1, count))
        defer { for index in perStream.indices { av_dict_free(&perStream[index]) } }
        for index in 0..<count {
            av_dict_set(&perStream[index], "max_pixels", "\(limits.maxPixels)", 0)
            av_dict_set(&perStream[index], "threads", "1", 0)
            // Keyframes only: the pixel format, size and colour come from the first keyframe,
            // and the decoder finds its reorder delay from the stream headers itself. Decoding
            // the frames between keyframes too held up to four pictures: an 8K stream of
            // 98 KB peaked at 203 MB, with keyframes only at 132 MB.
            av_dict_set(&perStream[index], "skip_frame", "nokey", 0)
        }
        let found = perStream.withUnsafeMutableBufferPointer { avformat_find_stream_info(context, $0.baseAddress) }
        if interrupt.deadlineFired { throw MediaError.timedOut(seconds: limits.openDeadlineSeconds) }
        if interrupt.cancelFired { throw MediaError.cancelled }
        if found < 0 {
            throw MediaError.unreadable("stream parameters could not be found (\(ffmpegErrorText(found)))")
        }
        // Demuxers may add streams while probing (MPEG-TS): check the count again.
        let after = Int(context.pointee.nb_streams)
        if after > limits.maxStreams {
            throw MediaError.limitExceeded(limit: "streams", value: "\(after)", max: "\(limits.maxStreams)")
        }
    }

    /// Turns a failed `avformat_open_input` into a precise error. FFmpeg reports a format
    /// refused by the whitelist only as EINVAL plus a log line, so the format is named by
    /// probing the file's first bytes the same way FFmpeg did.
    private static func classifyOpenFailure(_ code: Int32, origin: Origin, name: String, limits: MediaLimits,
                                            interrupt: InterruptState) -> MediaError {
        if interrupt.deadlineFired { return .timedOut(seconds: limits.openDeadlineSeconds) }
        if interrupt.cancelFired { return .cancelled }
        if code == vaprep_averror(EACCES) { return .permissionDenied(name) }
        if code == vaprep_averror(ENOENT) { return .fileNotFound(name) }
        if code == vaprep_averror(ENOMEM) {
            // FFmpeg's only report of the `max_streams` cap: avformat_new_stream returns NULL and
            // the demuxer gives up with ENOMEM. A real allocation failure while reading a header
            // is practically impossible (Linux overcommits; av_malloc refuses only sizes over its
            // INT_MAX cap, which a header can ask for only by lying too).
            return .limitExceeded(limit: "streams", value: "more than \(limits.maxStreams)", max: "\(limits.maxStreams)")
        }
        let sniffed: String?
        switch origin {
        case .file(let path): sniffed = FormatSniffer.detect(path: path)
        case .memory(let memory): sniffed = FormatSniffer.detect(bytes: memory.prefix(FormatSniffer.probeBytes), name: name)
        }
        guard let format = sniffed else { return .unrecognizedFormat(name) }
        if !AllowedContainers.allows(format) { return .unsupportedContainer(format) }
        return .unreadable("the \(format) container could not be read (\(ffmpegErrorText(code)))")
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
            throw MediaError.impossible("the video stream has no frame size")
        }
        try FileValue.checkPixels(width: Int32(clamping: video.width), height: Int32(clamping: video.height),
                                  limits: limits)
        if info.durationSeconds > limits.maxDurationSeconds {
            throw MediaError.limitExceeded(limit: "durationSeconds", value: "\(info.durationSeconds)",
                                           max: "\(limits.maxDurationSeconds)")
        }
    }
}
