import Foundation

/// The hostile files of `scripts/hostile-media.py` (made from FFmpeg's own output, so nothing
/// big is committed). Tests that use them are skipped where `python3` or `ffmpeg` is missing.
public enum HostileMedia {
    /// Whether the generator can run here.
    public static var available: Bool {
        Tool.ffmpeg.isAvailable && Tool.python3.isAvailable
    }

    /// name → what it lies about, from the generator's manifest; the files are generated once
    /// per test process into ``folder`` (empty when the generator failed).
    public static let files: [String: String] = {
        guard (try? generate(into: folder)) != nil else { return [:] }
        let manifest = (try? String(contentsOf: folder.appendingPathComponent("manifest.txt"), encoding: .utf8)) ?? ""
        var files: [String: String] = [:]
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { files[String(parts[0])] = String(parts[1]) }
        }
        return files
    }()

    /// Where ``files`` are.
    public static let folder: URL = FileManager.default.temporaryDirectory
        .appendingPathComponent("vaprep-hostile-\(getpid())", isDirectory: true)

    /// The path of the shared hostile file `name` (generating the set on first use).
    public static func path(_ name: String) -> String {
        _ = files
        return folder.appendingPathComponent(name).path
    }

    /// Runs the generator into `folder` (a fresh temporary one when nil) and returns it;
    /// `big` also writes the 8192x8192 files (several seconds). The caller removes a fresh folder.
    @discardableResult
    public static func generate(into folder: URL? = nil, big: Bool = false) throws -> URL {
        let target = folder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("vaprep-hostile-\(UUID().uuidString)", isDirectory: true)
        let script = TestData.repositoryRoot.appendingPathComponent("scripts/hostile-media.py").path
        try Tool.python3.runSucceeding([script, target.path] + (big ? ["--big"] : []))
        return target
    }
}
