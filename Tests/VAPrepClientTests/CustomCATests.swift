import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

/// TLS is verified; a private gateway's CA can be trusted explicitly. Against the sandbox
/// serving https with a certificate for 127.0.0.1 signed by a CA made at test time (openssl).
@Suite("VideoAuthClient over https: verification on, custom CA", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct CustomCATests {
    /// A throwaway CA and a server certificate for 127.0.0.1 it signed, plus an unrelated CA.
    struct PKI {
        let folder: URL
        var caPEM: String { folder.appendingPathComponent("ca.pem").path }
        var otherCAPEM: String { folder.appendingPathComponent("other-ca.pem").path }
        var serverPEM: String { folder.appendingPathComponent("server.pem").path }
        var serverKey: String { folder.appendingPathComponent("server.key").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-pki-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try Self.openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=vaprep test CA"], in: folder)
            try Self.openssl(["req", "-x509"] + ec + ["-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=other CA"], in: folder)
            try Self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], in: folder)
            try "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                .write(to: folder.appendingPathComponent("ext.cnf"), atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                              "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"], in: folder)
        }

        static func openssl(_ arguments: [String], in folder: URL) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    static func withTLSSandbox(_ body: (SandboxServer, PKI) async throws -> Void) async throws {
        let pki = try PKI()
        defer { try? FileManager.default.removeItem(at: pki.folder) }
        var configuration = SandboxConfiguration(apiKey: Fixtures.apiKey)
        try configuration.usingTLS(certificatePEMFile: pki.serverPEM, privateKeyPEMFile: pki.serverKey)
        let sandbox = try await SandboxServer.start(configuration)
        do { try await body(sandbox, pki) } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    static func verify(_ configuration: VideoAuthConfiguration) async -> Result<VideoAuthResult, VideoAuthError> {
        do {
            return .success(try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: try Fixtures.mp4())
            })
        } catch let error as VideoAuthError {
            return .failure(error)
        } catch {
            Issue.record("unexpected \(error)")
            return .failure(VideoAuthError(.missingAPIKey, attempts: -1))
        }
    }

    @Test("trusting the private CA: the call goes through")
    func trustedCA() async throws {
        try await Self.withTLSSandbox { sandbox, pki in
            #expect(sandbox.endpoint.hasPrefix("https://127.0.0.1:"))
            var configuration = Fixtures.configuration(endpoint: sandbox.endpoint, logger: LogCapture().logger("client"))
            try configuration.trustingOnly(caPEMFile: pki.caPEM)
            let result = try await Self.verify(configuration).get()
            #expect(result.livenessPassed)
            #expect(sandbox.recorder.requestCount == 1)
        }
    }

    @Test("the system trust store, or another CA, refuses the certificate before anything is sent", arguments: [false, true])
    func untrusted(otherCA: Bool) async throws {
        try await Self.withTLSSandbox { sandbox, pki in
            var configuration = Fixtures.configuration(endpoint: sandbox.endpoint, logger: LogCapture().logger("client"), retry: .none)
            if otherCA { try configuration.trustingOnly(caPEMFile: pki.otherCAPEM) }
            guard case .failure(let error) = await Self.verify(configuration) else {
                Issue.record("an untrusted certificate was accepted")
                return
            }
            #expect(error.classification == .transportRetryable, "\(error)")
            #expect(error.mayHaveBeenCharged == false)
            #expect(sandbox.recorder.requestCount == 0)
        }
    }

    @Test("a CA file that is not PEM is refused when configuring")
    func badCAFile() throws {
        var configuration = VideoAuthConfiguration(apiKey: Fixtures.apiKey)
        #expect(throws: (any Error).self) { try configuration.trustingOnly(caPEMFile: "/nonexistent/ca.pem") }
        #expect(configuration.tlsConfiguration == nil)
    }
}
