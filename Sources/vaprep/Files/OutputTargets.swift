import Foundation
import VAPrep
import VAPrepPayload

/// Where `prepare` writes, checked before any work: never onto the input, never both
/// outputs onto one file.
struct OutputTargets {
    var mp4: String?
    var payload: String?

    init(input: String, mp4: String?, payload: String?) throws {
        for path in [mp4, payload].compactMap({ $0 }) where Self.sameFile(path, input) {
            throw CLIUsageError(message: "refusing to overwrite the input \(input) with \(path)")
        }
        if let mp4, let payload, Self.sameFile(mp4, payload) {
            throw CLIUsageError(message: "-o and --payload name the same file \(mp4)")
        }
        // Checked before the encode, so a typo in the output path does not waste it.
        for path in [mp4, payload].compactMap({ $0 }) {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard access(directory, W_OK) == 0 else {
                throw CLIUsageError(message: "cannot write \(path): \(directory) is missing or not writable")
            }
        }
        self.mp4 = mp4
        self.payload = payload
    }

    func write(_ clip: PreparedClip) async throws {
        if let mp4 { try await AtomicFile.write(to: mp4) { try $0.write(contentsOf: Data(clip.mp4)) } }
        if let payload {
            // Streamed in 64 KiB chunks: the value never exists whole beside the MP4 in memory.
            var written = 0
            try await AtomicFile.write(to: payload) { handle in
                for try await chunk in Base64ChunkSequence(bytes: clip.mp4, prefix: true) {
                    try handle.write(contentsOf: Data(chunk))
                    written += chunk.count
                }
            }
            precondition(written == clip.payloadBytes, "payload size arithmetic and encoder disagree")
        }
    }

    var written: [String] { [mp4, payload].compactMap { $0 } }

    /// Whether both paths name one file (the same inode, or the same absolute path when
    /// `b` does not exist yet).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
