import Foundation

/// Where the committed test inputs live, for every test target.
///
/// Found from this source file's real location, so tests run from any working directory and
/// through a symlinked checkout. `VAPREP_TESTDATA` points at another folder instead (to try
/// other clips without touching the repository).
public enum TestData {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // VAPrepTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The folder of test inputs: `testdata/` of the repository, or `VAPREP_TESTDATA`.
    public static let directory: URL = {
        if let folder = ProcessInfo.processInfo.environment["VAPREP_TESTDATA"], !folder.isEmpty {
            return URL(fileURLWithPath: folder, isDirectory: true)
        }
        return repositoryRoot.appendingPathComponent("testdata", isDirectory: true)
    }()

    /// The path of `name` (which may contain folders, e.g. `check/opencv-reference.json`)
    /// inside ``directory``.
    public static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The bytes of `name` inside ``directory``.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// Whether `name` exists inside ``directory`` (some inputs are made by `make-testdata.sh`).
    public static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// A fresh private folder under the system's temporary folder; the caller removes it.
    public static func makeTemporaryDirectory(prefix: String = "vaprep-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
