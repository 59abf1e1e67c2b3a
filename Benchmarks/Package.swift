// swift-tools-version:6.1
//
// vaprep's benchmarks: a package of its own so that benchmark-only dependencies
// (swift-extras-base64 as a comparison point, ordo-one/benchmark) never reach the library.
//
//   swift run -c release vaprep-bench base64            # comparison table (see scripts/bench-base64.sh)
//   swift package --disable-sandbox benchmark           # package-benchmark: throughput + mallocs
import PackageDescription

let package = Package(
    name: "vaprep-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "vaprep", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64", from: "1.2.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "vaprep-bench",
            dependencies: [
                .product(name: "VAPrep", package: "vaprep"),
                .product(name: "VAPrepMedia", package: "vaprep"),
                .product(name: "VAPrepCheck", package: "vaprep"),
                .product(name: "VAPrepPayload", package: "vaprep"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ]
        ),
        .executableTarget(
            name: "PayloadBenchmarks",
            dependencies: [
                .product(name: "VAPrepPayload", package: "vaprep"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PayloadBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
