import ArgumentParser

/// Options every subcommand shares; use with `@OptionGroup var options: BenchOptions`.
struct BenchOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON object per line instead of a table.")
    var json = false

    @Option(name: .long, help: "Timed repetitions per case (best, median and spread are reported).")
    var repetitions = 20

    @Option(name: .long, help: "Untimed warm-up runs per case (page faults, caches, CPU clock).")
    var warmup = 3

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
    }
}
