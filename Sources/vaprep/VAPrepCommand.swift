import ArgumentParser
import Foundation

/// `vaprep`: gets a selfie video ready for the videoAuth API and says, before anyone pays
/// for the call, whether it is likely to fail.
///
/// `vaprep clip.mov` runs the main job (``ReportCommand``); the subcommands expose each stage.
/// Exit codes are a contract (see ``CLIExitCode``): scripts rely on them.
@main
struct VAPrepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vaprep",
        abstract: "Prepare a selfie video for a paid video liveness + real-name check, and pre-check it first.",
        discussion: """
            Built-in profiles:
            \(ProfileHelp.table)
            A --profile-file is JSON such as \(ProfileHelp.fileExample).

            \(CLIExitCode.helpText)
            """,
        subcommands: [
            ReportCommand.self,
            ProbeCommand.self,
            PrepareCommand.self,
            CheckCommand.self,
            SampleCommand.self,
            SubmitCommand.self,
            SandboxCommand.self,
        ],
        defaultSubcommand: ReportCommand.self
    )

    /// Runs the command line with vaprep's exit codes instead of ArgumentParser's defaults
    /// (a usage error is 2 here, as in most Unix tools, not 64).
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            CLIExitCode.terminate(for: error, command: self)
        }
    }
}
