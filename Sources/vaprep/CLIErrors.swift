import VAPrepMedia

// How each module's typed errors map to the command line's exit codes. One place, so the
// contract in `CLIExitCode` is easy to audit.

extension MediaError: CLIClassifiedError {
    /// A problem with the file is the caller's to fix (3); a cancelled run or an unexpected
    /// FFmpeg failure is not (4).
    var cliExitCode: CLIExitCode { isInputProblem ? .input : .internal }
    var cliMessage: String { "vaprep: \(description)" }
}
