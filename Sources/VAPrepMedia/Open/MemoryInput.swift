internal import CFFmpeg

/// Bytes in memory that FFmpeg's demuxer reads through a custom read + seek `AVIOContext`
/// (the pattern of FFmpeg's `doc/examples/avio_read_callback.c`, plus `AVSEEK_SIZE` so the
/// mp4 demuxer can see where the data ends).
///
/// Why: a service that already holds an upload (or the prepared MP4) in memory should not
/// write it to a temporary file just to probe it, and a fuzzer feeds bytes, not paths. The
/// bytes are a value copy: nothing the caller does afterwards changes what FFmpeg reads.
///
/// Owns the `AVIOContext` and frees it in deinit; must outlive the `AVFormatContext` that
/// reads through it (``MediaInput`` closes its context first, then releases this).
final class MemoryInput {
    private let bytes: [UInt8]
    private var position = 0
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    /// The number of bytes (the "file size" of the checks at open).
    var count: Int { bytes.count }

    /// The bytes as they were given (copy-on-write: no copy is made).
    var contents: [UInt8] { bytes }

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard let ctx = vaprep_avio_read_context(MemoryOutput.ioBufferBytes, opaque, memoryInputRead, memoryInputSeek) else {
            throw MediaError.ffmpeg(operation: "avio_alloc_context", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        context = ctx
    }

    deinit {
        vaprep_avio_write_context_free(&context)
    }

    /// The first `limit` bytes, for naming the format of a refused input.
    func prefix(_ limit: Int) -> ArraySlice<UInt8> { bytes.prefix(limit) }

    fileprivate func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int32) -> Int32 {
        guard capacity > 0 else { return vaprep_averror(EINVAL) }
        let remaining = bytes.count - position
        guard remaining > 0 else { return vaprep_averror_eof() }
        let n = min(remaining, Int(capacity))
        bytes.withUnsafeBufferPointer { source in
            buffer.update(from: source.baseAddress! + position, count: n)
        }
        position += n
        return Int32(n)  // n ≤ capacity, an Int32
    }

    fileprivate func seek(_ offset: Int64, _ whence: Int32) -> Int64 {
        let size = Int64(bytes.count)
        if whence & vaprep_avseek_size() != 0 { return size }
        let base: Int64
        switch whence & ~Int32(AVSEEK_FORCE) {
        case SEEK_SET: base = 0
        case SEEK_CUR: base = Int64(position)
        case SEEK_END: base = size
        default: return Int64(vaprep_averror(EINVAL))
        }
        // The offset comes from the file (a box size, an index entry): add it checked.
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0, target <= size else { return Int64(vaprep_averror(EINVAL)) }
        position = Int(target)
        return target
    }
}

private func memoryInputRead(_ opaque: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int32) -> Int32 {
    guard let opaque, let buffer else { return vaprep_averror(EINVAL) }
    return Unmanaged<MemoryInput>.fromOpaque(opaque).takeUnretainedValue().read(into: buffer, capacity: size)
}

private func memoryInputSeek(_ opaque: UnsafeMutableRawPointer?, _ offset: Int64, _ whence: Int32) -> Int64 {
    guard let opaque else { return Int64(vaprep_averror(EINVAL)) }
    return Unmanaged<MemoryInput>.fromOpaque(opaque).takeUnretainedValue().seek(offset, whence)
}
