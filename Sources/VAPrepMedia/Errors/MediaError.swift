/// Why a clip could not be opened, probed or decoded.
///
/// Every case carries what the person at the terminal needs to fix the problem; the
/// ``description`` says what is wrong and what to do. Hostile or broken input always ends
/// in one of these cases — never in a crash, a hang, or an FFmpeg log line alone.
///
/// ```swift
/// do {
///     let info = try await MediaProbe.probe(path: "selfie.mov")
/// } catch let error as MediaError where error.isInputProblem {
///     print(error)   // e.g. "selfie.mov is not a video: it has no video stream. …"
/// }
/// ```
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(String)
    /// The file exists but this process may not read it.
    case permissionDenied(String)
    /// The path names a directory, FIFO, socket or device, not a regular file.
    case notAFile(String)
    /// The file has zero bytes.
    case emptyFile(String)
    /// The container opened but holds no video stream (audio-only, or only cover art).
    case notAVideo(String)
    /// FFmpeg recognised the data as a format that is not on the allowed container list
    /// (an HLS playlist, a concat list, an image or image sequence, …), or the path is a URL.
    /// The associated value names the format as FFmpeg calls it (e.g. `hls`).
    case unsupportedContainer(String)
    /// The data matches no media format at all (a text or document file renamed to `.mp4`).
    case unrecognizedFormat(String)
    /// The container is an allowed one but its data is broken: unreadable (truncated, `moov`
    /// missing, undecodable packets) or holding a value no camera writes (a frame rate of
    /// 12800 fps, timestamps 2^62 apart). The text says which, and what to do about it; it is
    /// made by ``unreadable(_:)`` or ``impossible(_:)``, so the advice fits the cause.
    case corrupt(String)
    /// The data stops before the end the container declares (an upload cut short): the
    /// file's last decodable moment and its declared duration, in seconds.
    case truncated(atSeconds: Double, ofSeconds: Double)
    /// A configured ``MediaLimits`` value was exceeded. `limit` names the limit
    /// (`fileBytes`, `pixels`, `streams`, `durationSeconds`, `decodedPixels`, `decodeSeconds`).
    case limitExceeded(limit: String, value: String, max: String)
    /// Opening or probing took longer than ``MediaLimits/openDeadlineSeconds``.
    case timedOut(seconds: Double)
    /// The surrounding task was cancelled.
    case cancelled
    /// No decoder for the video codec is available in this FFmpeg build.
    case unsupportedCodec(String)
    /// An FFmpeg call failed in a way none of the other cases describes.
    case ffmpeg(operation: String, code: Int32, message: String)

    /// `true` when the input file is at fault (the CLI's exit code 3); `false` for
    /// cancellation and internal FFmpeg failures (out of memory, an API misuse: exit 4).
    /// FFmpeg's error codes are sorted into these two by `FFmpegFailure`, in one place.
    public var isInputProblem: Bool {
        switch self {
        case .cancelled, .ffmpeg: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): file not found. Check the path and that the file was fully uploaded."
        case .permissionDenied(let path):
            return "\(path): permission denied. Make the file readable by this user (e.g. chmod a+r)."
        case .notAFile(let path):
            return "\(path) is not a regular file (a directory, pipe or device). Pass the path of a video file."
        case .emptyFile(let path):
            return "\(path) is empty (0 bytes). The upload or recording did not complete; record or copy the clip again."
        case .notAVideo(let path):
            return "\(path) is not a video: it has no video stream. Pass a clip recorded by a camera (MP4/MOV)."
        case .unsupportedContainer(let format):
            return "The input is \(MediaError.explain(format: format)), which vaprep does not open "
                + "(allowed containers: \(AllowedContainers.summary)). Export or re-record the clip as MP4 or MOV."
        case .unrecognizedFormat(let path):
            return "\(path) is not a media file FFmpeg recognises (perhaps a text or document renamed to a video "
                + "extension). Pass the original camera recording."
        case .corrupt(let detail):
            return "The video data is damaged: \(detail)."
        case .truncated(let at, let declared):
            return "The file stops at \(MediaError.seconds(at)) s of \(MediaError.seconds(declared)) s; it was probably "
                + "cut short during upload — send it again."
        case .limitExceeded(let limit, let value, let max):
            return "The clip exceeds the \(limit) limit (\(value) > \(max)). Trim or downscale it before sending, "
                + "or raise the limit in MediaLimits if this input is trusted."
        case .timedOut(let seconds):
            return "Opening the clip took longer than \(seconds) s and was stopped; the file may be hostile or on "
                + "a stalled disk. Retry, or raise MediaLimits.openDeadlineSeconds for slow storage."
        case .cancelled:
            return "The operation was cancelled."
        case .unsupportedCodec(let codec):
            return "This FFmpeg build has no decoder for the \(codec) video codec. Re-encode the clip as H.264 "
                + "or install an FFmpeg with that decoder."
        case .ffmpeg(let operation, let code, let message):
            return "FFmpeg failed in \(operation) (error \(code): \(message)). This is likely a vaprep bug; "
                + "please report it with the clip's `ffprobe` output."
        }
    }

    /// Data that could not be read or decoded (`what` says which): a copy cut short or
    /// damaged on the way is the usual cause, so sending the original again can help.
    static func unreadable(_ what: String) -> MediaError {
        .corrupt("\(what). The file may be truncated or damaged in transfer; copy or export it again")
    }

    /// A value read from the file that no camera writes (`what` names it): the bytes are
    /// intact but wrong, so sending the same file again cannot help.
    static func impossible(_ what: String) -> MediaError {
        .corrupt("\(what). No camera writes such a value: the file was made or altered by a faulty or hostile tool; "
            + "record the clip again, or export it again from the camera app")
    }

    /// Seconds with two decimals, for messages ("1.52").
    private static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let hundredths = (max(0, min(value, 1e12)) * 100).rounded()
        let whole = Int(hundredths / 100), fraction = Int(hundredths.truncatingRemainder(dividingBy: 100))
        return "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    private static func explain(format: String) -> String {
        switch format {
        case "hls", "applehttp": return "an HLS playlist (hls)"
        case "concat": return "a concat list (concat)"
        case "url": return "a URL, not a local file"
        case "image2", "image2pipe": return "an image sequence (\(format))"
        case "tty": return "a text file (tty)"
        default:
            if format.hasSuffix("_pipe") { return "a still image (\(format))" }
            return "a \(format) file"
        }
    }
}
