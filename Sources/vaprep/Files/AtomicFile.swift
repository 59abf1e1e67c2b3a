import Foundation

/// Writes a file so that readers see the old file or the whole new one, never a partial one:
/// a private (0600) temp file in the same directory, fsync, rename.
enum AtomicFile {
    static func write(to path: String, _ body: (FileHandle) async throws -> Void) async throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/.\(url.lastPathComponent).XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CLIUsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var renamed = false
        defer {
            if !renamed { unlink(temp) }
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try await body(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            throw CLIUsageError(message: "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temp, path) == 0 else {
            throw CLIUsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        renamed = true
    }
}
