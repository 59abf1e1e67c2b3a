import Foundation

/// A fixed-size array that parallel workers fill, one distinct index each.
final class ConcurrentResults<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every index is written by exactly one worker and read only after
    // DispatchQueue.concurrentPerform has returned; the lock makes the hand-over explicit.
    private var storage: [Value]
    private let lock = NSLock()

    init(count: Int, initial: Value) { storage = [Value](repeating: initial, count: count) }

    func set(_ index: Int, _ value: Value) { lock.lock(); storage[index] = value; lock.unlock() }

    /// The results in index order; only call after all workers have finished.
    var values: [Value] { lock.lock(); defer { lock.unlock() }; return storage }
}
