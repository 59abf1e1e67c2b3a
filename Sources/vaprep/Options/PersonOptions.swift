import ArgumentParser
import Foundation

/// Where `submit` reads the person's name and ID number from, keeping both off the command
/// line by default: `ps`, `/proc/PID/cmdline` and shell history show arguments to anyone.
///
/// Order: `--person FILE|-` (JSON `{"name": …, "id": …}`), else `--name`/`--id` (with a
/// warning), else the environment variables named by `--name-env`/`--id-env`.
struct PersonOptions: ParsableArguments {
    @Option(help: "Environment variable holding the name as printed on the ID document.")
    var nameEnv = "VAPREP_NAME"

    @Option(help: "Environment variable holding the 18-character ID number.")
    var idEnv = "VAPREP_ID"

    @Option(help: ArgumentHelp(
        "JSON file with the person, {\"name\": …, \"id\": …}; - reads it from standard input.", valueName: "file|-"))
    var person: String?

    @Option(help: "The name (VISIBLE to other users in ps and shell history; prefer --name-env or --person).")
    var name: String?

    @Option(name: .customLong("id"), help: "The ID number (VISIBLE to other users in ps and shell history; prefer --id-env or --person).")
    var idNumber: String?

    /// The JSON form of `--person`.
    struct PersonFile: Decodable {
        var name: String
        var id: String
    }

    /// The name and ID number, plus warnings to print on stderr.
    struct Resolved {
        var name: String
        var idNumber: String
        var warnings: [String]
    }

    func validate() throws {
        if person != nil, name != nil || idNumber != nil {
            throw ValidationError("give the person either with --person or with --name/--id, not both")
        }
    }

    /// Reads the person from the first source given.
    /// - Throws: ``SubmitInputError`` when a source is missing, unreadable or incomplete.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                 standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws -> Resolved {
        if let person {
            let data: Data
            if person == "-" {
                data = standardInput()
            } else {
                do { data = try Data(contentsOf: URL(fileURLWithPath: person)) } catch {
                    throw SubmitInputError(message: "cannot read the person file \(person): \(error.localizedDescription).")
                }
            }
            let decoded: PersonFile
            do { decoded = try JSONDecoder().decode(PersonFile.self, from: data) } catch {
                // The decoder's message may quote the file's content: keep it out of the output.
                throw SubmitInputError(message: "the person \(person == "-" ? "on standard input" : "file \(person)") is not a JSON object with "
                    + "string fields \"name\" and \"id\".")
            }
            return Resolved(name: decoded.name, idNumber: decoded.id, warnings: [])
        }
        var warnings: [String] = []
        if name != nil || idNumber != nil {
            warnings.append("warning: --name/--id are visible to other users of this machine (ps, /proc, shell history); "
                + "use \(nameEnv)/\(idEnv) or --person instead")
        }
        guard let resolvedName = name ?? environment[nameEnv].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw SubmitUsageError(message: "no name: set the environment variable \(nameEnv) (or name another with --name-env), or use --person")
        }
        guard let resolvedID = idNumber ?? environment[idEnv].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw SubmitUsageError(message: "no ID number: set the environment variable \(idEnv) (or name another with --id-env), or use --person")
        }
        return Resolved(name: resolvedName, idNumber: resolvedID, warnings: warnings)
    }
}

/// A missing required value that only the environment or `--person` can give: a usage error (2).
struct SubmitUsageError: CLIClassifiedError {
    var message: String
    var cliExitCode: CLIExitCode { .usage }
    var cliMessage: String { "vaprep: \(message). Nothing was sent." }
}
