import Foundation

/// Hands items from the thread that makes them to a thread of its own that consumes them,
/// through a small bounded queue: one link of the transcode's pipeline (decode → make
/// pictures → encode), so its stages overlap on two cores.
///
/// ```swift
/// let handoff = FrameHandoff<DecodedFrame>(capacity: 2, name: "vaprep.encode") { frame in
///     try session.add(frame.pointer, seconds: frame.seconds)   // runs on the consumer thread
/// }
/// defer { handoff.abandon() }          // on every early exit: stop and join the consumer
/// try decoder.decode(from: 0, to: 5) { frame in try handoff.send(frame); return true }
/// try handoff.finish()                 // wait until all is consumed; rethrows its error
/// ```
///
/// Why: the decoder and libx264 each have worker threads, but a single loop that feeds them
/// is serial: while it scales and rotates a picture and hands it to x264, no packet goes to
/// the decoder, and the other way round. Measured on 2 cores (1080p30 to 720×1280), one loop
/// kept 1.65 cores busy and took 1.9 s; the three-stage pipeline takes 1.72 s.
///
/// The queue is small on purpose: every item in it holds a picture (a decoded 1080p frame
/// is 3 MB that the decoder's pool must replace), so a deep queue costs memory and buys
/// nothing once both sides are busy. Errors cross over: a `consume` that throws stops the consumer, and the
/// producer's next ``send(_:)`` (or ``finish()``) rethrows that error.
///
/// The consumer runs on a ``StageThreads`` thread, not a GCD block: a blocked GCD worker can
/// wait for a pool thread that never comes, and the producer blocks on purpose when the queue
/// is full.
final class FrameHandoff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Item] = []
    private let capacity: Int
    /// The producer has sent its last item.
    private var producerDone = false
    /// The consumer must stop (it failed, or the producer gave up).
    private var stopped = false
    private var consumerError: Error?
    private var consumerExited = false
    private let consume: (Item) throws -> Void

    /// Starts the consumer thread at once; it waits for items.
    /// - Parameters:
    ///   - capacity: items waiting at most; the producer blocks beyond that.
    ///   - consume: called on the consumer thread for each item, in order.
    init(capacity: Int, name: String, consume: @escaping (Item) throws -> Void) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.consume = consume
        StageThreads.shared.run(name: name) { [self] in run() }
    }

    /// Queues `item`, waiting while the queue is full.
    /// - Throws: the consumer's error, once it has stopped on one.
    func send(_ item: Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !stopped { condition.wait() }
        if stopped { throw consumerError ?? MediaError.cancelled }
        queue.append(item)
        condition.broadcast()
    }

    /// Tells the consumer no more items come and waits until it has consumed them all.
    /// - Throws: the consumer's error, if it stopped on one.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        producerDone = true
        condition.broadcast()
        while !consumerExited { condition.wait() }
        if let consumerError { throw consumerError }
    }

    /// Stops the consumer without consuming what is queued and waits until it has exited, so
    /// nothing it uses is freed under it. Harmless after ``finish()``.
    func abandon() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        queue.removeAll()
        condition.broadcast()
        while !consumerExited { condition.wait() }
    }

    private func run() {
        while let item = next() {
            do {
                try consume(item)
            } catch {
                condition.lock()
                consumerError = error
                stopped = true
                queue.removeAll()
                condition.broadcast()
                condition.unlock()
                break
            }
        }
        condition.lock()
        consumerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil when the producer is done and the queue is empty,
    /// or when the consumer must stop.
    private func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !producerDone && !stopped { condition.wait() }
        if stopped || queue.isEmpty { return nil }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }
}
