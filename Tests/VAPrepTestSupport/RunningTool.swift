import Foundation

/// A program started by ``Tool/start(_:environment:)`` that keeps running while the test talks
/// to it (e.g. `vaprep sandbox`), with both output pipes drained so it never blocks on them.
public final class RunningTool: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let errorText: PipeDrain
    /// Reads all of stdout from the start, for a program run to its end (nil: ``readLine()`` reads it).
    private let outputText: PipeDrain?
    /// Bytes read from stdout by ``readLine()`` and not yet returned.
    private var pending = Data()

    init(executable: URL, arguments: [String], environment: [String: String], drainingOutput: Bool) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        errorText = PipeDrain(errors.fileHandleForReading)
        outputText = drainingOutput ? PipeDrain(output.fileHandleForReading) : nil
    }

    /// The next line the program prints on stdout, without its newline; nil at the end.
    public func readLine() -> String? {
        precondition(outputText == nil, "readLine() on a program whose output is collected at the end")
        let reader = output.fileHandleForReading
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = reader.availableData
            if chunk.isEmpty {
                guard !pending.isEmpty else { return nil }
                defer { pending = Data() }
                return String(decoding: pending, as: UTF8.self)
            }
            pending.append(chunk)
        }
    }

    /// Stops the program (SIGTERM) and returns what it wrote to stderr.
    @discardableResult
    public func stop() -> String {
        if process.isRunning { process.terminate() }
        return finish().stderr
    }

    /// Waits for the end and collects the output.
    func finish() -> ToolResult {
        let rest = outputText ?? PipeDrain(output.fileHandleForReading)
        process.waitUntilExit()
        let stdout = pending + rest.wait()
        pending = Data()
        return ToolResult(exitCode: process.terminationStatus,
                          stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: errorText.wait(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own, so a chatty child cannot block on a full pipe.
final class PipeDrain: @unchecked Sendable {
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
