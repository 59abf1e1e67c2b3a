internal import CFFmpeg

/// One compressed key packet, owned: a new reference to the demuxer's data, so it outlives
/// the next read. The window search reads its keyframes' packets in one pass over the file
/// (one demuxer, one thread) and decodes them on several decoders at once
/// (``KeyframeDecodes``).
final class KeyPacket: @unchecked Sendable {
    // @unchecked: never changed after init; decoders only read it (`avcodec_send_packet`
    // takes its own reference to the data).
    let pointer: UnsafeMutablePointer<AVPacket>

    /// A new reference to `packet`'s data and a copy of its fields; nil when out of memory.
    init?(referencing packet: UnsafePointer<AVPacket>) {
        guard let clone = av_packet_clone(packet) else { return nil }
        pointer = clone
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}
