#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read for encoding.
public struct PayloadFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    /// The `errno` of the failing call.
    public let code: Int32
    /// The call that failed: "open", "stat" or "read".
    public let operation: String

    public var description: String {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOENT: return "No file at \(path): check the path (\(reason))."
        case EACCES, EPERM: return "Cannot read \(path): permission denied; check the file's mode and owner."
        case EISDIR: return "\(path) is a directory; pass a video file."
        default: return "Could not \(operation) \(path): \(reason)."
        }
    }
}

/// An open file read front to back in caller-sized pieces; closes itself in `deinit`.
final class FileByteReader {
    private let fd: Int32
    let path: String
    /// Size when opened, in bytes.
    let size: Int

    init(path: String) throws(PayloadFileError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PayloadFileError(path: path, code: errno, operation: "open") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw PayloadFileError(path: path, code: code, operation: "stat")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw PayloadFileError(path: path, code: EISDIR, operation: "open")
        }
        self.fd = fd
        self.size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// Fills the whole array unless the file ends first; returns bytes read (0 at end of file).
    func read(into buffer: inout [UInt8]) throws(PayloadFileError) -> Int {
        let result = buffer.withUnsafeMutableBytes { raw in Result { () throws(PayloadFileError) in try read(into: raw) } }
        return try result.get()
    }

    /// Fills `buffer` unless the file ends first; returns bytes read (0 at end of file).
    /// Short reads are retried, so a result below `buffer.count` means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(PayloadFileError) -> Int {
        var filled = 0
        while filled < buffer.count {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            #else
            let n = Darwin.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            #endif
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw PayloadFileError(path: path, code: errno, operation: "read")
            }
            filled += n
        }
        return filled
    }
}
