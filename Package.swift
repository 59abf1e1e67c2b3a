// swift-tools-version:6.1
//
// vaprep: gets selfie videos ready for a paid video liveness + real-name check,
// and tells before anyone pays whether a clip is likely to fail.
//
// Layers (each imports only the ones below it):
//   CFFmpeg (C shim) ← VAPrepMedia           (FFmpeg: open, probe, decode, transcode, mux)
//   CVAPrepBase64 (C kernels) ← VAPrepPayload (streaming base64, form escaping, exact sizes)
//   VAPrepCheck                               (face detector, image metrics, verdict; plain pixels)
//   VAPrepPayload ← VAPrepClient              (videoAuth HTTP client, validation, PII masking)
//   all of the above ← VAPrep                 (profiles, plan, prepare, pre-check pipeline)
//   VAPrep ← VAPrepSandbox                    (local videoAuth server for offline tests)
//   VAPrep, VAPrepSandbox ← vaprep            (the command line)
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
        .target(name: "CVAPrepBase64"),
        .target(
            name: "VAPrepMedia",
            dependencies: ["CFFmpeg", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "VAPrepPayload", dependencies: ["CVAPrepBase64"]),
        .target(name: "VAPrepCheck"),
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
        .target(
            name: "VAPrep",
            dependencies: [
                "VAPrepMedia", "VAPrepPayload", "VAPrepCheck", "VAPrepClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "VAPrepSandbox",
            dependencies: [
                "VAPrep", "VAPrepClient", "VAPrepPayload",
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
        .testTarget(name: "VAPrepMediaTests", dependencies: ["VAPrepMedia"]),
        .testTarget(name: "VAPrepPayloadTests", dependencies: ["VAPrepPayload", "CVAPrepBase64"]),
        .testTarget(name: "VAPrepCheckTests", dependencies: ["VAPrepCheck"]),
        .testTarget(
            name: "VAPrepClientTests",
            dependencies: [
                "VAPrepClient", "VAPrepSandbox", "VAPrepPayload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VAPrepTests",
            dependencies: ["VAPrep", "VAPrepMedia", "VAPrepCheck", "VAPrepPayload", "VAPrepClient", "VAPrepSandbox", "vaprep"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
