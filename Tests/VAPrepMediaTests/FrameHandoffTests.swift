import Foundation
import Synchronization
import Testing
@testable import VAPrepMedia

/// The pipeline link between transcode stages: order, back-pressure, errors, shutdown.
@Suite("FrameHandoff")
struct FrameHandoffTests {
    struct Boom: Error, Equatable { var item: Int }

    /// Counts its instances, to see that dropped items are released.
    final class Tracked: Sendable {
        static let alive = Atomic(0)
        let value: Int
        init(_ value: Int) { self.value = value; Self.alive.add(1, ordering: .relaxed) }
        deinit { Self.alive.subtract(1, ordering: .relaxed) }
    }

    @Test("every item reaches the consumer, in order, on a thread other than the producer's")
    func orderAndThread() throws {
        let seen = Mutex<[Int]>([])
        let threads = Mutex<Set<UInt>>([])
        let producer = UInt(pthread_self())
        let handoff = FrameHandoff<Int>(capacity: 2, name: "test.consumer") { item in
            seen.withLock { $0.append(item) }
            threads.withLock { _ = $0.insert(UInt(pthread_self())) }
        }
        defer { handoff.abandon() }
        for i in 0..<500 { try handoff.send(i) }
        try handoff.finish()
        #expect(seen.withLock { $0 } == Array(0..<500))
        #expect(threads.withLock { $0.count } == 1)
        #expect(!threads.withLock { $0.contains(producer) })
    }

    @Test("the producer blocks while the queue is full, then goes on")
    func backPressure() throws {
        let gate = DispatchSemaphore(value: 0)
        let consumed = Atomic(0)
        let handoff = FrameHandoff<Int>(capacity: 2, name: "test.consumer") { _ in
            gate.wait()
            consumed.add(1, ordering: .relaxed)
        }
        defer { handoff.abandon() }
        let sent = Atomic(0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            for i in 0..<10 {
                try? handoff.send(i)
                sent.add(1, ordering: .relaxed)
            }
            done.signal()
        }.start()
        // One item is held by the blocked consumer and two wait in the queue: the fourth
        // send cannot return while the consumer is stuck.
        Thread.sleep(forTimeInterval: 0.3)
        let sentWhileBlocked = sent.load(ordering: .relaxed)
        #expect(sentWhileBlocked == 3)
        for _ in 0..<10 { gate.signal() }
        done.wait()
        try handoff.finish()
        let total = consumed.load(ordering: .relaxed)
        #expect(total == 10)
    }

    @Test("a consumer error stops the consumer and reaches the producer's next send or finish")
    func consumerError() throws {
        let consumed = Mutex<[Int]>([])
        let handoff = FrameHandoff<Int>(capacity: 1, name: "test.consumer") { item in
            if item == 3 { throw Boom(item: 3) }
            consumed.withLock { $0.append(item) }
        }
        defer { handoff.abandon() }
        #expect(throws: Boom(item: 3)) {
            for i in 0..<1_000 { try handoff.send(i) }
            try handoff.finish()
        }
        #expect(consumed.withLock { $0 } == [0, 1, 2])
        // Once failed, finishing still reports the consumer's error.
        #expect(throws: Boom(item: 3)) { try handoff.finish() }
    }

    @Test("abandon drops what is queued, releases it, and returns only after the consumer exited")
    func abandon() throws {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let consumed = Atomic(0)
        let exited = Atomic(false)
        do {
            let handoff = FrameHandoff<Tracked>(capacity: 3, name: "test.consumer") { _ in
                started.signal()
                release.wait()
                consumed.add(1, ordering: .relaxed)
                Thread.sleep(forTimeInterval: 0.05)
                exited.store(true, ordering: .relaxed)
            }
            for i in 0..<4 { try handoff.send(Tracked(i)) }   // one being consumed, three queued
            started.wait()
            release.signal()
            handoff.abandon()
            // The item in hand finished; the three queued were never consumed.
            let didExit = exited.load(ordering: .relaxed), count = consumed.load(ordering: .relaxed)
            #expect(didExit)
            #expect(count == 1)
            // A send after abandoning is refused.
            #expect(throws: MediaError.self) { try handoff.send(Tracked(9)) }
        }
        let alive = Tracked.alive.load(ordering: .relaxed)
        #expect(alive == 0)
    }
}

/// The threads the pipeline stages run on.
@Suite("StageThreads")
struct StageThreadsTests {
    @Test("one job after another reuses one thread")
    func reuse() {
        let pool = StageThreads()
        for _ in 0..<20 {
            let done = DispatchSemaphore(value: 0)
            pool.run(name: "test.stage") { done.signal() }
            done.wait()
            Thread.sleep(forTimeInterval: 0.002)   // let the thread get back to waiting
        }
        #expect(pool.threadCount == 1)
    }

    @Test("a job never waits for a running job: jobs that wait on each other all finish")
    func noStarvation() {
        let pool = StageThreads()
        // Every job blocks until all of them have started: only a pool that starts every job at
        // once (spawning when no thread is free) gets through. No job can end before the last
        // one is submitted, so no thread is ever free for reuse and the count is exact. (Chaining
        // each job to the next one let the first jobs end before the last `run`, which then
        // reused their thread: 4 threads instead of 5, now and then.)
        let count = 5
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<count {
            pool.run(name: "test.stage") {
                started.signal()
                release.wait()
                finished.signal()
            }
        }
        for _ in 0..<count {
            #expect(started.wait(timeout: .now() + 10) == .success)
        }
        for _ in 0..<count { release.signal() }
        for _ in 0..<count {
            #expect(finished.wait(timeout: .now() + 10) == .success)
        }
        #expect(pool.threadCount == count)
    }

    @Test("the pipeline's stage threads are the shared pool's: repeated handoffs add no threads")
    func handoffsReuseThreads() throws {
        for _ in 0..<3 {
            let handoff = FrameHandoff<Int>(capacity: 1, name: "test.consumer") { _ in }
            try handoff.send(1)
            try handoff.finish()
        }
        let before = StageThreads.shared.threadCount
        for _ in 0..<10 {
            let handoff = FrameHandoff<Int>(capacity: 1, name: "test.consumer") { _ in }
            try handoff.send(1)
            try handoff.finish()
        }
        #expect(StageThreads.shared.threadCount <= max(before, 2))
    }
}
