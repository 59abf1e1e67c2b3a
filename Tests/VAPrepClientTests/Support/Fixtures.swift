import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import VAPrepClient
import VAPrepSandbox
import VAPrepTestSupport

/// The client tests' sandbox and configuration. The identities are the shared ones
/// (``TestIdentity``), named here so each test reads `Fixtures.name`.
enum Fixtures {
    static let apiKey = TestIdentity.apiKey
    static let name = TestIdentity.name
    static let idNumber = TestIdentity.idNumber

    /// A small real MP4 (H.264) from the repository's testdata.
    static func mp4() throws -> [UInt8] {
        try TestData.bytes("black.mp4")
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

    /// An endpoint on 127.0.0.1 that refuses connections: see ``RefusingPort``.
    static func refusedEndpoint() -> (endpoint: String, port: RefusingPort) {
        let port = RefusingPort()
        return ("http://127.0.0.1:\(port.number)/videoAuth/query", port)
    }
}

/// A TCP port bound on 127.0.0.1 but never listening: connecting gets ECONNREFUSED, and
/// because the socket stays bound until deinit, no sandbox started by a parallel test can
/// take the port over (a closed ephemeral port could be reused).
final class RefusingPort: @unchecked Sendable {
    let number: Int
    private let descriptor: Int32

    init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0, "socket() failed")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        precondition(bound, "bind() to an ephemeral port failed")
        number = Int(UInt16(bigEndian: address.sin_port))
        descriptor = fd
    }

    deinit { close(descriptor) }
}
