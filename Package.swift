// swift-tools-version:6.1
//
// vaprep: gets selfie videos ready for a paid video liveness + real-name check,
// and tells before anyone pays whether a clip is likely to fail.
//
// Layers: each target imports only the targets named left of its arrow, and nothing else
// of this package. The C modules are `internal import`s, so no FFmpeg or kernel symbol is
// visible above the target that wraps them.
//   CVAPrepKernelChoice (C: the one rule for remembering a chosen kernel) ← CVAPrepBase64,
//                                                    CVAPrepFaceNet, CVAPrepToneMap, CVAPrepRotate
//   CFFmpeg (C shim, system FFmpeg), CVAPrepToneMap, CVAPrepRotate (C kernels) ← VAPrepMedia
//                                                    (open, probe, decode, transcode, mux, PNG)
//   CVAPrepBase64 (C kernels) ← VAPrepPayload        (streaming base64, form escaping, exact sizes)
//   CVAPrepFaceNet (C kernels, BlazeFace weights) ← VAPrepCheck (CNN + cascade face detectors, metrics, verdict; plain pixels)
//   VAPrepMedia, VAPrepPayload, VAPrepCheck ← VAPrep (profiles, plan, prepare, pre-check pipeline)
//   VAPrepPayload ← VAPrepClient                     (videoAuth HTTP client, validation, PII masking)
//   VAPrepClient, VAPrepPayload ← VAPrepSandbox      (local videoAuth server for offline tests)
//   every library above ← vaprep                     (the command line, contact-sheet drawing)
// Outside packages: swift-log (VAPrepMedia, VAPrepClient, VAPrepSandbox, vaprep), AsyncHTTPClient
// (VAPrepClient only, so preparing never pulls in an HTTP or TLS stack), SwiftNIO (VAPrepClient,
// VAPrepSandbox), ArgumentParser (vaprep).
// Benchmark-only dependencies live in Benchmarks/, a package of its own.
import PackageDescription

let package = Package(
    name: "vaprep",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "VAPrep", targets: ["VAPrep"]),
        .library(name: "VAPrepMedia", targets: ["VAPrepMedia"]),
        .library(name: "VAPrepPayload", targets: ["VAPrepPayload"]),
        .library(name: "VAPrepCheck", targets: ["VAPrepCheck"]),
        .library(name: "VAPrepClient", targets: ["VAPrepClient"]),
        .library(name: "VAPrepSandbox", targets: ["VAPrepSandbox"]),
        .executable(name: "vaprep", targets: ["vaprep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            path: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libswscale libavutil",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev", "pkg-config"]),
                .brew(["ffmpeg"]),
            ]
        ),
        // The one rule the four kernel targets below use to remember their chosen kernel.
        .target(name: "CVAPrepKernelChoice"),
        .target(name: "CVAPrepBase64", dependencies: ["CVAPrepKernelChoice"]),
        .target(name: "CVAPrepFaceNet", dependencies: ["CVAPrepKernelChoice"], exclude: ["MODEL-LICENSE"]),
        .target(name: "CVAPrepToneMap", dependencies: ["CVAPrepKernelChoice"]),
        .target(name: "CVAPrepRotate", dependencies: ["CVAPrepKernelChoice"]),
        .target(
            name: "VAPrepMedia",
            dependencies: ["CFFmpeg", "CVAPrepToneMap", "CVAPrepRotate", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "VAPrepPayload", dependencies: ["CVAPrepBase64"]),
        .target(name: "VAPrepCheck", dependencies: ["CVAPrepFaceNet"]),
        .target(
            name: "VAPrepClient",
            dependencies: [
                "VAPrepPayload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "VAPrep", dependencies: ["VAPrepMedia", "VAPrepPayload", "VAPrepCheck"]),
        .target(
            name: "VAPrepSandbox",
            dependencies: [
                "VAPrepClient", "VAPrepPayload",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vaprep",
            dependencies: [
                "VAPrep", "VAPrepMedia", "VAPrepPayload", "VAPrepCheck", "VAPrepClient", "VAPrepSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Launching the built binary and FFmpeg's tools, and locating and making test data,
        // for every test target (a plain target: test targets cannot depend on each other).
        .target(name: "VAPrepTestSupport", path: "Tests/VAPrepTestSupport"),
        .testTarget(name: "VAPrepMediaTests", dependencies: ["VAPrepMedia", "VAPrepTestSupport"]),
        .testTarget(name: "VAPrepPayloadTests", dependencies: ["VAPrepPayload"]),
        .testTarget(name: "VAPrepCheckTests", dependencies: ["VAPrepCheck", "VAPrepTestSupport"]),
        // The client is tested against the real sandbox server on 127.0.0.1.
        .testTarget(
            name: "VAPrepClientTests",
            dependencies: [
                "VAPrepClient", "VAPrepSandbox", "VAPrepTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VAPrepSandboxTests",
            dependencies: [
                "VAPrepSandbox", "VAPrepClient", "VAPrepPayload", "VAPrepTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "VAPrepTests", dependencies: ["VAPrep", "VAPrepMedia", "VAPrepCheck", "VAPrepPayload", "VAPrepTestSupport"]),
        // Runs the built `vaprep` (the dependency makes SwiftPM build it first); the contact
        // sheet drawing is tested in-process.
        .testTarget(name: "vaprepCLITests", dependencies: ["vaprep", "VAPrep", "VAPrepSandbox", "VAPrepTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
