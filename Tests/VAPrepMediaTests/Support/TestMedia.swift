import Foundation

/// Where the committed test clips live, found from this source file so the tests run from
/// any working directory and through the symlinked dev packages.
enum TestMedia {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // VAPrepMediaTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `VAPREP_TESTDATA` overrides the folder (to try other clips without touching the repository).
    static func path(_ name: String) -> String {
        if let folder = ProcessInfo.processInfo.environment["VAPREP_TESTDATA"] {
            return URL(fileURLWithPath: folder).appendingPathComponent(name).path
        }
        return repositoryRoot.appendingPathComponent("testdata").appendingPathComponent(name).path
    }

    /// A fresh private directory under the system temp dir, removed by the caller.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("vaprep-media-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
