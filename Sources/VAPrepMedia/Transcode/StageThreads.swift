import Foundation

/// Long-lived threads for the transcode's pipeline stages, reused from one transcode to the next.
///
/// ```swift
/// StageThreads.shared.run(name: "vaprep.encode") { consumeUntilDone() }
/// ```
///
/// A stage blocks on purpose (on a full or an empty queue), so it cannot borrow a GCD worker:
/// when every worker of a pool waits on a stage that has not started, nothing runs it. A
/// fresh `Thread` per stage works, but a long-running process pays for it: glibc gives each new
/// thread a malloc arena, and a new thread per transcode grew RSS by ~1.5 MB a call until the
/// arena cap. Here a job starts at once on a waiting thread of the pool, or on a new thread
/// when none is waiting (so a job never waits for another job to finish), and the thread goes
/// back to waiting afterwards. The pool grows to the largest number of stages ever running at
/// once: two per concurrent transcode.
final class StageThreads: @unchecked Sendable {
    static let shared = StageThreads()

    private let condition = NSCondition()
    private var jobs: [(name: String, body: () -> Void)] = []
    /// Threads blocked waiting for a job.
    private var waiting = 0
    private(set) var threadCount = 0

    /// Runs `body` on a pool thread named `name`, starting it now.
    func run(name: String, _ body: @escaping () -> Void) {
        condition.lock()
        jobs.append((name, body))
        let spawn = jobs.count > waiting
        if spawn { threadCount += 1 } else { condition.signal() }
        condition.unlock()
        if spawn {
            let thread = Thread { [self] in work() }
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                Thread.current.name = job.name
                job.body()
                Thread.current.name = "vaprep.idle"
                condition.lock()
                continue
            }
            waiting += 1
            condition.wait()
            waiting -= 1
        }
    }
}
