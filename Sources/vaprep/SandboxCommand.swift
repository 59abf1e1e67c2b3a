import ArgumentParser
import Foundation
import Logging
import VAPrep
import VAPrepCheck
import VAPrepClient
import VAPrepMedia
import VAPrepSandbox

/// `vaprep sandbox`: a local stand-in for the videoAuth API, for offline tests.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a local, simulated POST /videoAuth/query for offline tests (answers say they are simulated).",
        discussion: """
            Validates the key, the form fields, the ID checksum and the base64: prefix like the vendor, opens \
            the decoded video with vaprep's safe open (a non-video is an error) and answers a deterministic \
            simulated result. Script faults per request with the header X-Sandbox-Fault, e.g. \
            "code=10012; fail-times=2", "delay=3000", "drop-after-body", "drop-before-body", "http500-html", \
            "truncated-json", "oversized", "not-live", "face-mismatch", "status=503" (read the whole body, then HTTP 503).
            Limits: a connection without a complete request head within --idle-timeout, or whose body has \
            not arrived within --read-timeout of its head, is closed; past --max-connections open connections a new one gets 503 before \
            anything is read; a body past --max-body-bytes gets 413 and the connection is closed unread.
            The first line on stdout is the endpoint (useful with --port 0, which picks a free port).
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The only API key the sandbox accepts (a test key, not a real one).")
    var key: String = "sandbox-key-0000"

    @Option(help: "Address to bind; keep 127.0.0.1 unless other machines must reach it.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds a connection may take to send a complete request head (after opening or after the last answer).")
    var idleTimeout: Double = 30

    @Option(help: "Seconds a request body may take to arrive after its head.")
    var readTimeout: Double = 60

    @Option(help: "Connections served at once; more get 503.")
    var maxConnections: Int = SandboxLimits.default.maxConnections

    @Option(help: "Largest request body in bytes; longer ones get 413 and are not read.")
    var maxBodyBytes: Int = SandboxConfiguration().maxBodyBytes

    @Option(help: ArgumentHelp("Serve https with this PEM certificate chain (with --tls-key), e.g. to try --ca-file.", valueName: "pem-file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "pem-file"))
    var tlsKey: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard idleTimeout > 0, readTimeout > 0, idleTimeout <= 86_400, readTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout and --read-timeout must be positive seconds (at most a day)")
        }
        guard maxConnections >= 1, maxBodyBytes >= 1 else { throw ValidationError("--max-connections and --max-body-bytes must be at least 1") }
        guard !key.isEmpty else { throw ValidationError("--key must not be empty") }
    }

    func run() async throws {
        var logger = Logger(label: "vaprep.sandbox")
        logger.logLevel = .info
        let limits = SandboxLimits(
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), requestReadTimeout: .milliseconds(Int64(readTimeout * 1000)),
            maxConnections: maxConnections)
        var configuration = SandboxConfiguration(
            host: host, port: port, apiKey: key, maxBodyBytes: maxBodyBytes, limits: limits, inspector: SafeOpenInspector(), logger: logger)
        if let tlsCert, let tlsKey {
            do { try configuration.usingTLS(certificatePEMFile: tlsCert, privateKeyPEMFile: tlsKey) } catch {
                throw CLIUsageError(message: "cannot read --tls-cert/--tls-key as PEM: \(error)")
            }
        }
        let server = try await SandboxServer.start(configuration)
        // Written straight to the descriptor: stdout is block-buffered when piped, and a test
        // (or script) waits for this line to learn the port.
        FileHandle.standardOutput.write(Data((server.endpoint + "\n").utf8))
        await server.runUntilCancelled()
    }
}

/// Opens the decoded video the way vaprep opens any input (size, stream and duration limits,
/// open deadline), so the sandbox refuses what vaprep would refuse, then runs the pre-check:
/// its verdict picks the simulated score range (a clip without a face gets a failing score).
/// The video is read from memory through FFmpeg's read callback: it never touches the disk.
struct SafeOpenInspector: SandboxVideoInspector {
    func inspect(video: [UInt8]) async throws -> InspectionOutcome {
        // The received clip is judged whole, as the vendor receives it: no window search.
        let result: ClipJobResult
        do {
            result = try await ClipJob(input: .memory(bytes: video), steps: [.preCheck]).run()
        } catch let error as MediaError {
            return .notAVideo(error.description)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // The sandbox simulates the vendor, which has no pre-check: judge the clip as passable.
            return .video(.pass, summary: "pre-check could not run (\(error))")
        }
        let v = result.source.video
        let summary = "\(v.codec) \(v.displayWidth)x\(v.displayHeight) \(String(format: "%.2f", result.source.durationSeconds)) s"
        guard let report = result.preCheck else { preconditionFailure("a job with the pre-check step returns a report") }
        let verdict: InspectionOutcome.Verdict = switch report.verdict {
        case .pass: .pass
        case .warn: .warn
        case .fail: .fail
        }
        return .video(verdict, summary: summary + ", pre-check \(report.verdict.rawValue) " + report.reasons.map(\.code.rawValue).joined(separator: ","))
    }
}
