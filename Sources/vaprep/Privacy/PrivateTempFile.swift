import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes that must be read by path (FFmpeg opens paths) but must never have a visible name:
/// a selfie in a temp file.
///
/// `mkstemp` creates the file 0600 and the name is unlinked before a single byte is written;
/// the bytes are then reached through `/proc/self/fd/N` only. Nothing can open it by name,
/// and nothing is left behind when the process is cancelled, crashes or is killed: the
/// kernel frees the blocks when the descriptor closes.
enum PrivateTempFile {
    /// Why the file could not be made.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `bytes` to an unlinked private file and runs `body` with a path that reads it.
    static func withPath<T>(of bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
        var template = Array((NSTemporaryDirectory() + "/vaprep-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot create a private temp file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        #if os(Linux)
        guard unlink(name) == 0 else { throw Failure(description: "cannot unlink the private temp file: \(String(cString: strerror(errno)))") }
        let path = "/proc/self/fd/\(fd)"
        #else
        // No /proc: the name lives (0600) only while `body` runs.
        defer { unlink(name) }
        let path = name
        #endif
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "cannot write the private temp file: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        return try await body(path)
    }
}
