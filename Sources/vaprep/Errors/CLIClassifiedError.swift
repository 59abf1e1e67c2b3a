/// An error the command line knows how to explain: one line for stderr and an exit code.
///
/// Each module's error type conforms in `CLIErrors.swift`, so the mapping lives in one place.
protocol CLIClassifiedError: Error {
    var cliExitCode: CLIExitCode { get }
    var cliMessage: String { get }
}
