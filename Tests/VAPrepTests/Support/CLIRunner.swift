import Foundation
import Testing

/// Runs the real `vaprep` executable built beside the test bundle and captures what it prints.
///
/// The command line's exit codes, JSON keys and stderr lines are contracts, so they are
/// tested through the binary users run, not by calling the command types in-process.
struct CLIRunner {
    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory holding the test bundle and the executables built with it.
    static let productsDirectory: URL = {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        for url in candidates {
            var dir = url.resolvingSymlinksInPath()
            for _ in 0..<3 {
                if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vaprep").path) {
                    return dir
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }()

    /// The repository root (so tests find `testdata/` from any working directory).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // VAPrepTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static func testdata(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("testdata").appendingPathComponent(name).path
    }

    /// Runs `vaprep` with `arguments`, killing it after `timeout` seconds (a hang is a failure).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("vaprep")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let stdoutData = Drain(out.fileHandleForReading)
        let stderrData = Drain(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("vaprep \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus,
            stdout: String(decoding: stdoutData.wait(), as: UTF8.self),
            stderr: String(decoding: stderrData.wait(), as: UTF8.self)
        )
    }
}

/// Reads a pipe to its end on a background thread.
private final class Drain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
