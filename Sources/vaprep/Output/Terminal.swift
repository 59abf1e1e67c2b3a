import Foundation

/// Output helpers for the command line: results on stdout, diagnostics on stderr.
enum Terminal {
    /// Prints a line on stderr (never on stdout, so `--json` output stays parseable).
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Whether stderr is an interactive terminal (a progress bar is drawn only then).
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Prints `value` as pretty JSON with sorted keys: the `--json` contract of every command.
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try jsonString(value))
    }

    static func jsonString<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
