import VAPrep
import VAPrepCheck
import VAPrepClient
import VAPrepMedia

// How each module's typed errors map to the command line's exit codes. One place, so the
// contract in `CLIExitCode` is easy to audit.

extension MediaError: CLIClassifiedError {
    /// A problem with the file is the caller's to fix (3); a cancelled run or an unexpected
    /// FFmpeg failure is not (4).
    var cliExitCode: CLIExitCode { isInputProblem ? .input : .internal }
    var cliMessage: String { "vaprep: \(description)" }
}

extension PrepareError: CLIClassifiedError {
    var cliExitCode: CLIExitCode {
        switch self {
        case .clipTooShort, .budgetNotMet: return .input
        case .windowOutsideClip, .budgetTooSmall, .invalidOption: return .usage
        }
    }
    var cliMessage: String { "vaprep: \(description)" }
}

extension ProfileError: CLIClassifiedError {
    var cliExitCode: CLIExitCode {
        switch self {
        case .unknownName, .invalidValue: return .usage
        case .unreadable, .invalidJSON: return .input
        }
    }
    var cliMessage: String { "vaprep: \(description)" }
}

extension CascadeError: CLIClassifiedError {
    var cliExitCode: CLIExitCode { .input }
    var cliMessage: String { "vaprep: \(description)" }
}

/// Refused before any request (attempts 0) is an input error; everything after is an API error.
extension VideoAuthError: CLIClassifiedError {
    var cliExitCode: CLIExitCode { attempts == 0 ? .input : .api }
    var cliMessage: String { "vaprep: \(description)" }
}
