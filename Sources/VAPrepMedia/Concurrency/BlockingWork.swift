import Dispatch

/// Runs blocking work (FFmpeg's open, probe and decode; face detection) on a GCD worker
/// thread instead of Swift's cooperative pool.
///
/// ```swift
/// let faces = try await BlockingWork.run { detector.detect(in: frame) }
/// ```
///
/// Why: the cooperative pool has one thread per core. A probe that blocks in `read`, or
/// half a second of decoding, holds one of them; on a 2-core host two such calls stall every
/// other task of the process — a service's event loops (NIO, Hummingbird) included, and even
/// the task that would cancel them. GCD's workers are a separate pool that grows when its
/// threads block. (Not a new `Thread` per call: glibc gives every new thread its own malloc
/// arena, which grew RSS by ~1.5 MB per call until the arena cap; GCD reuses its workers.)
///
/// Cancellation: the work cannot see `Task.isCancelled` (it runs outside any task); the
/// media calls pass an `InterruptState` that the task's cancellation handler sets, and
/// FFmpeg's I/O and the decoder poll it.
public enum BlockingWork {
    /// Runs `body` on a GCD worker and returns its result. A task already cancelled throws
    /// `CancellationError` without running it; `body` itself is not interrupted.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await dispatch(body)
    }

    private static func dispatch<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Runs `body` on a GCD worker with an interrupt state that the calling task's
    /// cancellation sets (FFmpeg's interrupt callback and the decoder poll it), so a
    /// cancelled task stops the work at its next read or frame with ``MediaError/cancelled``.
    static func run<T: Sendable>(interruptible body: @escaping @Sendable (InterruptState) throws -> T) async throws -> T {
        let interrupt = InterruptState()
        return try await run(onCancel: { interrupt.cancel() }) { try body(interrupt) }
    }

    /// Runs `body` on a GCD worker; the calling task's cancellation calls `onCancel` (which
    /// sets the interrupt state of an input that is already open, for example).
    static func run<T: Sendable>(onCancel: @escaping @Sendable () -> Void,
                                 _ body: @escaping @Sendable () throws -> T) async throws -> T {
        if Task.isCancelled { throw MediaError.cancelled }
        return try await withTaskCancellationHandler {
            try await dispatch(body)
        } onCancel: {
            onCancel()
        }
    }
}
