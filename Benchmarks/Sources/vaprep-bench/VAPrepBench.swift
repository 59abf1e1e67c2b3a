import ArgumentParser

/// `vaprep-bench`: measurements that back the numbers in the README.
///
/// Each area is one subcommand in its own file (`Base64Bench.swift`, `PrepareBench.swift`,
/// `PrecheckBench.swift`). To add one: write `struct MyBench: AsyncParsableCommand` (or
/// `ParsableCommand`) with `@OptionGroup var options: BenchOptions`, report through `BenchReport`,
/// and add ONE line to `subcommands` below.
@main
struct VAPrepBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vaprep-bench",
        abstract: "Benchmarks for vaprep (build with -c release; the machine should be otherwise idle).",
        discussion: """
            Every subcommand prints a human table, or with --json one JSON object per line:
              {"case":"10MiB","impl":"ours-oneshot","metric":"GB/s","value":14.2,"unit":"GB/s"}
            Ratio lines carry "impl":"ratio".
            """,
        subcommands: [
            Base64Bench.self,
            PrepareBench.self,
            PrecheckBench.self,
            SearchBench.self,
            StripBench.self,
        ]
    )
}
