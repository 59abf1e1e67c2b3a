import Foundation

/// A program the tests launch: the `vaprep` executable built with the tests, or FFmpeg's
/// command-line tools (to shape inputs the committed test media does not cover, or as an
/// independent reference).
///
/// The command line's exit codes, JSON keys and stderr lines are contracts, so they are tested
/// through the binary users run, not by calling the command types in-process.
///
/// ```swift
/// let result = try Tool.vaprep.run(["probe", TestData.path("live.mp4"), "--json"])
/// #expect(result.exitCode == 0)
/// try Tool.ffmpeg.runSucceeding(["-f", "lavfi", "-i", "testsrc2", "-t", "1", out])
/// ```
public struct Tool: Sendable {
    /// What the program is called in messages.
    public let name: String
    /// The executable.
    public let url: URL
    /// Put before the caller's arguments on every run.
    public let leadingArguments: [String]

    /// Whether the executable exists here (FFmpeg's tools may not be installed).
    public var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// The `vaprep` executable built beside the test bundle.
    public static let vaprep = Tool(name: "vaprep", url: productsDirectory.appendingPathComponent("vaprep"),
                                    leadingArguments: [])
    /// `ffmpeg`, quiet and never prompting (`-nostdin`, errors only, `-y` to overwrite).
    public static let ffmpeg = Tool(name: "ffmpeg", url: onPath("ffmpeg"),
                                    leadingArguments: ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"])
    /// `ffprobe`.
    public static let ffprobe = Tool(name: "ffprobe", url: onPath("ffprobe"), leadingArguments: ["-hide_banner"])

    /// Runs the program to its end with `arguments`, capturing what it prints.
    /// - Parameters:
    ///   - environment: added to (and overriding) the test process's environment.
    ///   - timeout: seconds after which the program is killed and ``ToolError/timedOut(_:seconds:)``
    ///     thrown: a hang is a failure, not a stuck test run.
    public func run(_ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval = 120) throws -> ToolResult {
        let running = try RunningTool(executable: url, arguments: leadingArguments + arguments,
                                      environment: environment, drainingOutput: true)
        let deadline = Date().addingTimeInterval(timeout)
        while running.process.isRunning && Date() < deadline { usleep(10_000) }
        if running.process.isRunning {
            running.process.terminate()
            running.process.waitUntilExit()
            throw ToolError.timedOut(describe(arguments), seconds: timeout)
        }
        return running.finish()
    }

    /// Runs the program and throws ``ToolError/failed(_:exitCode:stderr:)`` unless it exits 0.
    @discardableResult
    public func runSucceeding(_ arguments: [String], environment: [String: String] = [:],
                              timeout: TimeInterval = 300) throws -> ToolResult {
        let result = try run(arguments, environment: environment, timeout: timeout)
        guard result.exitCode == 0 else {
            throw ToolError.failed(describe(arguments), exitCode: result.exitCode, stderr: result.stderr)
        }
        return result
    }

    /// Starts the program in the background (a server, say); see ``RunningTool``.
    public func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningTool {
        try RunningTool(executable: url, arguments: leadingArguments + arguments, environment: environment,
                        drainingOutput: false)
    }

    private func describe(_ arguments: [String]) -> String {
        ([name] + arguments).joined(separator: " ")
    }

    /// The folder holding the test bundle and the executables built with it.
    static let productsDirectory: URL = {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        for url in candidates {
            var folder = url.resolvingSymlinksInPath()
            for _ in 0..<3 {
                if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("vaprep").path) {
                    return folder
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }()

    /// The first `name` on `PATH`, else `/usr/bin/name`.
    static func onPath(_ name: String) -> URL {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/usr/bin/" + name)
    }
}

/// What a finished program printed and how it ended.
public struct ToolResult: Sendable {
    /// The exit status (the signal number when it was killed).
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
}

/// Why a launched program did not give a usable result.
public enum ToolError: Error, CustomStringConvertible {
    case timedOut(String, seconds: TimeInterval)
    case failed(String, exitCode: Int32, stderr: String)

    public var description: String {
        switch self {
        case .timedOut(let command, let seconds): "\(command) did not finish within \(seconds) s"
        case .failed(let command, let code, let stderr): "\(command) exited \(code): \(stderr)"
        }
    }
}
