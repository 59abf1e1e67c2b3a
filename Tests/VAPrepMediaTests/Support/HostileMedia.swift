import VAPrepTestSupport
import Foundation

/// The hostile files of `scripts/hostile-media.py`, generated once per test process into a
/// temporary folder (they are made from FFmpeg's own output, so nothing big is committed).
/// Tests that use them are skipped where `python3` or `ffmpeg` is missing.
enum HostileMedia {
    static var available: Bool {
        Tool.ffmpeg.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    }

    /// name → what it lies about, from the generator's manifest.
    static let files: [String: String] = {
        guard let folder = try? generate() else { return [:] }
        let manifest = (try? String(contentsOf: folder.appendingPathComponent("manifest.txt"), encoding: .utf8)) ?? ""
        var files: [String: String] = [:]
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { files[String(parts[0])] = String(parts[1]) }
        }
        return files
    }()

    static let folder: URL = FileManager.default.temporaryDirectory
        .appendingPathComponent("vaprep-hostile-\(getpid())", isDirectory: true)

    static func path(_ name: String) -> String {
        _ = files
        return folder.appendingPathComponent(name).path
    }

    private static func generate() throws -> URL {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestData.repositoryRoot.appendingPathComponent("scripts/hostile-media.py").path, folder.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return folder
    }
}
