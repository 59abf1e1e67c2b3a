/// A preparation running in its own task: a progress stream and the eventual result.
///
/// The stream ends when the work ends (success, error or cancellation). Cancelling —
/// ``cancel()``, or cancelling the task awaiting ``result`` — stops the transcode at the next
/// frame; ``result`` then throws `CancellationError`.
public final class Preparation: Sendable {
    /// Steps of the work, newest kept when the reader falls behind.
    public let progress: AsyncStream<PrepareProgress>
    private let task: Task<PreparedClip, any Error>

    init(path: String, profile: Profile, options: PrepareOptions) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: PrepareProgress.self, bufferingPolicy: .bufferingNewest(64))
        progress = stream
        task = Task {
            defer { continuation.finish() }
            return try await Preparer.prepare(path: path, profile: profile, options: options) { step in
                continuation.yield(step)
            }
        }
    }

    /// The prepared clip, once the work is done.
    public var result: PreparedClip {
        get async throws {
            try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        }
    }

    /// Stops the work; ``result`` throws `CancellationError`.
    public func cancel() { task.cancel() }
}
