import Foundation

/// The `ffmpeg` command line, for the few tests that need a clip shaped in a way the
/// committed test media is not (many keyframes, MPEG-TS). Those tests are skipped where
/// the command is not installed.
enum FFmpegCLI {
    static let path = "/usr/bin/ffmpeg"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-nostdin", "-v", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
