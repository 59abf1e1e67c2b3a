/// The clip was judged unusable; the report was already printed, so no extra line is needed.
struct ClipUnusable: CLIClassifiedError {
    var summary: String
    var cliExitCode: CLIExitCode { .unusable }
    var cliMessage: String { "vaprep: \(summary)" }
}
