import ArgumentParser

/// How a command prints its result.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result as one JSON object (sorted keys; the keys each command's help lists are a contract).")
    var json = false

    /// Prints `value` as JSON when asked, otherwise `text()`.
    func emit<T: Encodable>(_ value: T, text: () -> String) throws {
        if json { try Terminal.printJSON(value) } else { print(text()) }
    }
}
