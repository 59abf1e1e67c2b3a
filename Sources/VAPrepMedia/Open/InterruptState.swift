internal import CFFmpeg

/// Owns the memory FFmpeg's interrupt callback reads (`vaprep_interrupt_state`): a
/// wall-clock deadline and a cancel flag. FFmpeg polls the callback inside every blocking
/// read and inside `avformat_find_stream_info`'s loop, which is how a hostile file that
/// would make the demuxer spin or block is stopped.
///
/// Must outlive the `AVFormatContext` that points at it (``MediaInput`` frees the context
/// first). `@unchecked Sendable`: ``cancel()`` comes from a task's cancellation handler and
/// parallel keyframe decoders of one input arm it from several threads; every field is stored
/// and loaded through the shim's C atomics.
final class InterruptState: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<vaprep_interrupt_state>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: vaprep_interrupt_state(deadline_us: 0, cancelled: 0, fired: 0))
    }

    deinit { pointer.deallocate() }

    /// Aborts FFmpeg's I/O once `seconds` of wall-clock time have passed from now.
    func arm(seconds: Double) {
        vaprep_interrupt_set_fired(pointer, 0)
        // Clamped (a caller's `.infinity` would trap in `Int64(_:)`); 10^9 s is "no deadline".
        let bounded = seconds.isNaN ? 0 : min(max(0, seconds), 1e9)
        vaprep_interrupt_set_deadline(pointer, vaprep_now_us() + Int64(bounded * 1_000_000))
    }

    /// Removes the deadline (decoding a long clip is bounded by the caller, not by the open budget).
    func disarm() { vaprep_interrupt_set_deadline(pointer, 0) }

    /// Makes FFmpeg's next interrupt check abort the current call.
    func cancel() { vaprep_interrupt_cancel(pointer) }

    /// Whether the deadline fired / cancellation fired since the last ``arm(seconds:)``.
    var deadlineFired: Bool { vaprep_interrupt_fired(pointer) == 1 }
    var cancelFired: Bool { vaprep_interrupt_fired(pointer) == 2 || vaprep_interrupt_cancelled(pointer) != 0 }
}
