import Foundation
import VAPrepMedia

/// Probes MP4 bytes held in memory with the same code that probes files.
///
/// The probe reads paths only, so the bytes go to a private temp file: created 0600 by
/// `mkstemp`, unlinked before a single byte is written (on Linux the probe then reads it
/// through `/proc/self/fd`), and closed when done. A selfie never has a visible name on disk,
/// and nothing lingers if the process dies.
enum InMemoryProbe {
    static func probe(_ bytes: [UInt8], limits: MediaLimits) async throws -> MediaInfo {
        var template = Array((NSTemporaryDirectory() + "/vaprep-XXXXXX.mp4").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create a private temp file: \(String(cString: strerror(errno)))"])
        }
        let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(fd) }
        #if os(Linux)
        unlink(name)
        let path = "/proc/self/fd/\(fd)"
        #else
        defer { unlink(name) }
        let path = name
        #endif
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write the private temp file: \(String(cString: strerror(errno)))"])
                }
                offset += n
            }
        }
        return try await MediaProbe.probe(path: path, limits: limits)
    }
}
