/// An error raised by the command itself (a bad combination of options, an unwritable output).
struct CLIUsageError: CLIClassifiedError, CustomStringConvertible {
    var message: String
    var cliExitCode: CLIExitCode { .usage }
    var cliMessage: String { "vaprep: \(message)" }
    var description: String { message }
}
