import Foundation
import NIOCore

/// Closes a connection whose current deadline passed: the idle timeout while it waits for a
/// request head, the request read timeout while a request is arriving, none while the
/// sandbox is answering.
///
/// One timer per connection, re-armed by the reader; it wakes at the deadline or every
/// ``granularity`` at most, so moving a deadline earlier takes effect within that time.
final class ConnectionWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: ContinuousClock.Instant?
    private var fired = false
    private let clock = ContinuousClock()
    static let granularity: Duration = .milliseconds(100)

    /// Sets the deadline to `timeout` from now.
    func arm(_ timeout: Duration) {
        let instant = clock.now + timeout
        lock.withLock { deadline = instant }
    }

    /// No deadline (the sandbox itself is working on an answer).
    func disarm() { lock.withLock { deadline = nil } }

    /// Whether the watchdog closed the connection.
    var didFire: Bool { lock.withLock { fired } }

    /// Runs until cancelled or until it closes `channel` at a passed deadline.
    func watch(_ channel: any Channel) async {
        while !Task.isCancelled {
            let now = clock.now
            let current = lock.withLock { deadline }
            if let current, now >= current {
                lock.withLock { fired = true }
                channel.close(promise: nil)
                return
            }
            var wake = now + Self.granularity
            if let current, current < wake { wake = current }
            do { try await Task.sleep(until: wake, clock: clock) } catch { return }
        }
    }
}
