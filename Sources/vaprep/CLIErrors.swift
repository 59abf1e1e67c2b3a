import VAPrepMedia

// How each module's typed errors map to the command line's exit codes. One place, so the
// contract in `CLIExitCode` is easy to audit.

extension MediaError: CLIClassifiedError {
    var cliExitCode: CLIExitCode { .input }
    var cliMessage: String { "vaprep: \(description)" }
}
