import Foundation

/// Counts how often each path was opened by ``MediaInput`` (every probe, sample, transcode
/// and ``MediaSource`` goes through it), so tests can hold the pipeline to one open per job.
///
/// Keyed by the path as the caller gave it, so a test that uses a file of its own reads an
/// exact count even while other tests open other files in parallel. Test-only surface:
/// `@_spi(Testing) import VAPrepMedia`.
@_spi(Testing)
public enum MediaOpenCounter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counts: [String: Int] = [:]

    /// Opens of `path` since the process started (failed opens included: each one cost a
    /// `stat` and possibly a probe).
    public static func opens(of path: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[path, default: 0]
    }

    static func record(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        counts[path, default: 0] += 1
    }
}
