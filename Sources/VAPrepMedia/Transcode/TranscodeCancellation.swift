import Synchronization

/// Carries a task's cancellation to the GCD worker that runs a transcode.
///
/// The transcode runs on a GCD worker thread, not on the Swift concurrency pool: it is seconds of
/// CPU-bound C code, and on a 2-core machine two of them would occupy the whole cooperative
/// pool, so even the task that wants to cancel them could not run. There `Task.isCancelled`
/// is always false, so the task's cancellation handler sets this flag instead, and also
/// aborts FFmpeg's current blocking read through the input's interrupt callback.
final class TranscodeCancellation: Sendable {
    private let cancelled = Atomic(false)
    private let interrupt = Mutex<InterruptState?>(nil)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        cancelled.store(true, ordering: .releasing)
        interrupt.withLock { $0?.cancel() }
    }

    /// Routes a later `cancel()` (or an earlier one) to FFmpeg's I/O on this input.
    func attach(_ state: InterruptState) {
        interrupt.withLock { $0 = state }
        if isCancelled { state.cancel() }
    }

    func detach() { interrupt.withLock { $0 = nil } }

    func check() throws {
        if isCancelled { throw MediaError.cancelled }
    }
}
