import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A named pipe that records whether anyone opened it for reading.
///
/// A writer thread blocks in `open(O_WRONLY)`, which returns only once a reader opens the
/// FIFO. If FFmpeg opened the file, the writer wakes up while `releasing` is still false
/// (FFmpeg's read then blocks until the writer closes, so FFmpeg cannot even return
/// before the flag is set). ``finish()`` opens the FIFO itself to release the writer and
/// reports what happened before.
final class FIFOWatcher: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var openedByOther = false
    private var releasing = false
    private let writerDone = DispatchSemaphore(value: 0)

    init(path: String) throws {
        self.path = path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        Thread.detachNewThread { [self] in
            let fd = open(path, O_WRONLY)
            lock.withLock { if !releasing { openedByOther = true } }
            if fd >= 0 { close(fd) }
            writerDone.signal()
        }
    }

    /// Releases the writer and returns whether a reader other than this object opened the FIFO.
    func finish() -> Bool {
        lock.withLock { releasing = true }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        writerDone.wait()
        if fd >= 0 { close(fd) }
        return lock.withLock { openedByOther }
    }
}
