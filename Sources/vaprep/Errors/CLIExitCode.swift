import ArgumentParser
import Foundation

/// The exit codes of `vaprep`, a contract with the scripts that call it.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success (for `submit`: liveness passed and the face matched) |
/// | 1 | the clip was judged unusable (pre-check `fail`, or the vendor judged against) |
/// | 2 | usage error (unknown option, missing argument, bad value) |
/// | 3 | input error (file missing, not a video, hostile or corrupt file, invalid ID number…) |
/// | 4 | internal error (a bug or an unexpected FFmpeg failure: please report it) |
/// | 5 | API or transport error (the videoAuth service or the network) |
enum CLIExitCode: Int32 {
    case success = 0
    case unusable = 1
    case usage = 2
    case input = 3
    case `internal` = 4
    case api = 5

    static let helpText = """
        Exit codes: 0 success, 1 clip judged unusable, 2 usage error, 3 input error, \
        4 internal error, 5 API or transport error.
        """

    /// Prints one clear line for `error` on stderr (help and usage text where ArgumentParser
    /// has them) and exits with the matching code.
    static func terminate(for error: Error, command: VAPrepCommand.Type) -> Never {
        if let classified = error as? CLIClassifiedError {
            Terminal.printError(classified.cliMessage)
            exit(classified.cliExitCode.rawValue)
        }
        if let exitCode = error as? ExitCode {
            exit(exitCode.rawValue)
        }
        let parserCode = command.exitCode(for: error)
        if parserCode == .success {
            command.exit(withError: error)  // --help, --version: ArgumentParser prints them
        }
        if parserCode == .validationFailure {
            Terminal.printError(command.fullMessage(for: error))
            exit(CLIExitCode.usage.rawValue)
        }
        if error is CancellationError {
            Terminal.printError("vaprep: cancelled")
            exit(CLIExitCode.internal.rawValue)
        }
        Terminal.printError("vaprep: internal error: \(String(describing: error)). Please report it.")
        exit(CLIExitCode.internal.rawValue)
    }
}
