import Foundation

/// Runs blocking or CPU-heavy work (FFmpeg calls, face detection) off Swift's cooperative
/// thread pool, on a GCD worker, and awaits its result.
///
/// ```swift
/// let faces = try await BlockingWork.run { detector.detect(in: image) }
/// ```
///
/// Why: the cooperative pool has one thread per core; a job that blocks one of them (a
/// decode, a cascade scan) stalls every other task of the process, including the HTTP
/// client's and the progress bar's. GCD grows its pool when workers block, the cooperative
/// pool never does. The transcoder runs its decode the same way.
public enum BlockingWork {
    /// Runs `body` on a GCD worker. Cancelling the awaiting task calls `onCancel` (e.g. to
    /// abort FFmpeg's I/O); `body` itself is not interrupted otherwise.
    public static func run<T: Sendable>(
        onCancel: @escaping @Sendable () -> Void = {},
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(with: Result { try body() })
                }
            }
        } onCancel: {
            onCancel()
        }
    }
}
