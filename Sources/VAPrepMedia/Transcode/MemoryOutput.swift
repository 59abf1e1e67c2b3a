internal import CFFmpeg

/// A growable byte buffer that FFmpeg writes into through a custom `AVIOContext`.
///
/// The mp4 muxer seeks back (to patch the `mdat` size), so this is a random-access
/// file in memory: writes land at `position`, extending the buffer when they pass its end.
final class MemoryOutput {
    private(set) var bytes: [UInt8] = []
    private(set) var position = 0
    /// Owned; freed in deinit through the shim (buffer first, then the context).
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    init(reserve: Int = 1 << 20) throws {
        bytes.reserveCapacity(reserve)
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        guard let ctx = vaprep_avio_write_context(MemoryOutput.ioBufferBytes, opaque, memoryOutputWrite, memoryOutputSeek) else {
            throw MediaError.ffmpeg(operation: "avio_alloc_context", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        context = ctx
    }

    /// The AVIO buffer of both in-memory contexts (reading in `MemoryInput` too): 64 KiB,
    /// FFmpeg's own default; larger does not speed up memory reads or writes.
    static let ioBufferBytes: Int32 = 65_536

    deinit {
        vaprep_avio_write_context_free(&context)
    }

    /// Takes the bytes out (the buffer is empty afterwards).
    func takeBytes() -> [UInt8] {
        defer { bytes = []; position = 0 }
        return bytes
    }

    fileprivate func write(_ source: UnsafePointer<UInt8>, _ count: Int) {
        let end = position + count
        if end > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: end - bytes.count))
        }
        bytes.withUnsafeMutableBufferPointer { buffer in
            (buffer.baseAddress! + position).update(from: source, count: count)
        }
        position = end
    }

    fileprivate func seek(_ offset: Int64, _ whence: Int32) -> Int64 {
        if whence & vaprep_avseek_size() != 0 { return Int64(bytes.count) }
        let base: Int64
        switch whence & ~Int32(AVSEEK_FORCE) {
        case SEEK_SET: base = 0
        case SEEK_CUR: base = Int64(position)
        case SEEK_END: base = Int64(bytes.count)
        default: return Int64(vaprep_averror(EINVAL))
        }
        let target = base + offset
        guard target >= 0, target <= Int64(Int32.max) else { return Int64(vaprep_averror(EINVAL)) }
        position = Int(target)
        return target
    }
}

private func memoryOutputWrite(_ opaque: UnsafeMutableRawPointer?, _ buffer: UnsafePointer<UInt8>?, _ size: Int32) -> Int32 {
    guard let opaque, let buffer, size >= 0 else { return vaprep_averror(EINVAL) }
    Unmanaged<MemoryOutput>.fromOpaque(opaque).takeUnretainedValue().write(buffer, Int(size))
    return size
}

private func memoryOutputSeek(_ opaque: UnsafeMutableRawPointer?, _ offset: Int64, _ whence: Int32) -> Int64 {
    guard let opaque else { return Int64(vaprep_averror(EINVAL)) }
    return Unmanaged<MemoryOutput>.fromOpaque(opaque).takeUnretainedValue().seek(offset, whence)
}
