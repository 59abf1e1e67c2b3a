// swift-tools-version:6.1
//
// libFuzzer harnesses for vaprep's parsers of untrusted bytes. A package of its own, so the
// library's graph and CI never build it. Build and run one target with
// `scripts/fuzz.sh TARGET SECONDS` (which builds with `-sanitize=fuzzer,address`).
//
// Each target is an executable whose `LLVMFuzzerTestOneInput` is the harness; its main.swift
// hands the command line to libFuzzer's driver (SwiftPM's own `main` would otherwise shadow
// libFuzzer's). The harnesses call the library's own code (public API or
// `@_spi(Fuzz)` entry points), never copies of it.
import PackageDescription

let package = Package(
    name: "vaprep-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        // `vaprep` is a symlink to `..`: SwiftPM names a path dependency after its folder,
        // and the root's folder name varies by checkout (and may clash with this one's).
        .package(path: "vaprep"),
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver` for the harnesses' main.swift.
        .target(name: "CLibFuzzer"),
        // open → probe → decode the first frames → Plan, on bytes held in memory. VAPrep links
        // no HTTP or TLS code, so this target builds only the media, payload and check layers.
        .executableTarget(name: "FuzzMedia", dependencies: [
            "CLibFuzzer",
            .product(name: "VAPrepMedia", package: "vaprep"),
            .product(name: "VAPrep", package: "vaprep"),
        ]),
        // FastStart's MP4 box parser and chunk-offset rewriter.
        .executableTarget(name: "FuzzFastStart", dependencies: ["CLibFuzzer", .product(name: "VAPrepMedia", package: "vaprep")]),
        // The payload's strict base64 decoder (C kernel) and its round trip through the encoder.
        .executableTarget(name: "FuzzBase64Decode", dependencies: ["CLibFuzzer", .product(name: "VAPrepPayload", package: "vaprep")]),
        // The cascade XML reader and the cascade built from it.
        .executableTarget(name: "FuzzCascadeXML", dependencies: ["CLibFuzzer", .product(name: "VAPrepCheck", package: "vaprep")]),
        // The client's parser and interpreter of the vendor's JSON answer.
        .executableTarget(name: "FuzzVendorResponse", dependencies: ["CLibFuzzer", .product(name: "VAPrepClient", package: "vaprep")]),
    ],
    swiftLanguageModes: [.v6]
)
