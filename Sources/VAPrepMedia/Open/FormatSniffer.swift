internal import CFFmpeg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names the format of a file from its first bytes with FFmpeg's own probe functions,
/// without opening a demuxer. Used only to explain why `avformat_open_input` refused a
/// file (the whitelist refusal itself comes back as a bare EINVAL).
enum FormatSniffer {
    /// 1 MiB is the largest buffer FFmpeg's own probe reaches before it settles for a weak match.
    static let probeBytes = 1 << 20

    /// FFmpeg's demuxer name for the file, or nil when nothing matches confidently
    /// (score below AVPROBE_SCORE_RETRY, FFmpeg's own threshold for a first guess).
    static func detect(path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: probeBytes + Int(AVPROBE_PADDING_SIZE))
        var filled = 0
        while filled < probeBytes {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, probeBytes - filled) }
            if n <= 0 { break }
            filled += n
        }
        guard filled > 0 else { return nil }
        return detect(buffer: &buffer, filled: filled, name: path)
    }

    /// The same for bytes in memory (`bytes` at most ``probeBytes`` long); `name` is only a hint.
    static func detect(bytes: ArraySlice<UInt8>, name: String) -> String? {
        guard !bytes.isEmpty else { return nil }
        var buffer = [UInt8](bytes.prefix(probeBytes)) + [UInt8](repeating: 0, count: Int(AVPROBE_PADDING_SIZE))
        return detect(buffer: &buffer, filled: min(bytes.count, probeBytes), name: name)
    }

    /// `buffer` holds `filled` ≤ ``probeBytes`` bytes followed by FFmpeg's zero padding.
    private static func detect(buffer: inout [UInt8], filled: Int, name path: String) -> String? {
        var score: Int32 = 0
        let format: UnsafePointer<AVInputFormat>? = buffer.withUnsafeMutableBufferPointer { bytes in
            path.withCString { name in
                var probe = AVProbeData()
                probe.filename = name
                probe.buf = bytes.baseAddress
                probe.buf_size = Int32(clamping: filled)  // ≤ probeBytes
                return av_probe_input_format3(&probe, 1, &score)
            }
        }
        guard let format, score >= AVPROBE_SCORE_RETRY else { return nil }
        return String(cString: format.pointee.name)
    }
}
