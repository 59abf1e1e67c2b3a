import Foundation
import Logging
import VAPrepClient
import VAPrepSandbox

/// Test identities: the GB 11643-1999 standard's own example numbers and synthetic ones
/// whose check characters were computed independently (Python, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2).
enum Fixtures {
    static let apiKey = "sk-test-9f8e7d6c5b4a3928"
    static let name = "张三丰"
    static let idNumber = "11010519491231002X"

    /// A small real MP4 (H.264) from the repository's testdata.
    static func mp4() throws -> [UInt8] {
        let repo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var path = repo.appendingPathComponent("testdata/black.mp4").path
        if !FileManager.default.fileExists(atPath: path), let override = ProcessInfo.processInfo.environment["VAPREP_TEST_MP4"] {
            path = override
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func configuration(
        endpoint: String, logger: Logger, retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
        deadline: Duration = .seconds(30)
    ) -> VideoAuthConfiguration {
        VideoAuthConfiguration(apiKey: apiKey, endpoint: endpoint, connectTimeout: .seconds(5), deadline: deadline, retryPolicy: retry, logger: logger)
    }

    /// Starts a sandbox on 127.0.0.1 (ephemeral port) with a real MP4 structure inspector,
    /// runs `body` with it and a client, and shuts both down.
    static func withSandbox<T: Sendable>(
        capture: LogCapture = LogCapture(),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
        deadline: Duration = .seconds(30),
        fault: String? = nil,
        adjust: (inout VideoAuthConfiguration) -> Void = { _ in },
        _ body: (SandboxServer, VideoAuthClient) async throws -> T
    ) async throws -> T {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: apiKey, logger: capture.logger("sandbox")))
        var configuration = configuration(endpoint: sandbox.endpoint, logger: capture.logger("client"), retry: retry, deadline: deadline)
        if let fault { configuration.extraHeaders[SandboxFault.headerName] = fault }
        adjust(&configuration)
        let client = VideoAuthClient(configuration: configuration)
        do {
            let value = try await body(sandbox, client)
            try await client.shutdown()
            await sandbox.stop()
            return value
        } catch {
            try? await client.shutdown()
            await sandbox.stop()
            throw error
        }
    }

    /// A port on 127.0.0.1 with nothing listening: bound by the sandbox, then released.
    static func refusedEndpoint() async throws -> String {
        let sandbox = try await SandboxServer.start()
        let endpoint = sandbox.endpoint
        await sandbox.stop()
        return endpoint
    }
}
