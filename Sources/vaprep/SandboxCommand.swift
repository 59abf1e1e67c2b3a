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
            "truncated-json", "oversized", "not-live", "face-mismatch".
            The first line on stdout is the endpoint (useful with --port 0, which picks a free port).
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The only API key the sandbox accepts (a test key, not a real one).")
    var key: String = "sandbox-key-0000"

    @Option(help: "Address to bind; keep 127.0.0.1 unless other machines must reach it.")
    var host: String = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard !key.isEmpty else { throw ValidationError("--key must not be empty") }
    }

    func run() async throws {
        var logger = Logger(label: "vaprep.sandbox")
        logger.logLevel = .info
        let server = try await SandboxServer.start(SandboxConfiguration(
            host: host, port: port, apiKey: key, inspector: SafeOpenInspector(), logger: logger))
        // Written straight to the descriptor: stdout is block-buffered when piped, and a test
        // (or script) waits for this line to learn the port.
        FileHandle.standardOutput.write(Data((server.endpoint + "\n").utf8))
        await server.runUntilCancelled()
    }
}

/// Opens the decoded video the way vaprep opens any input (size, stream and duration limits,
/// open deadline), so the sandbox refuses what vaprep would refuse, then runs the pre-check:
/// its verdict picks the simulated score range (a clip without a face gets a failing score).
struct SafeOpenInspector: SandboxVideoInspector {
    func inspect(video: [UInt8]) async throws -> InspectionOutcome {
        let outcome = try await SubmitPreCheck.withPrivateTempFile(video) { path -> InspectionOutcome in
            // The clip as received, judged whole: a job that plans for a profile without
            // window limits, so the window is the clip the vendor would analyse.
            let result: ClipJobResult
            do {
                let check = try? PreCheck()
                result = try await ClipJob(path: path, profile: Profile(name: "received"),
                                           steps: check == nil ? [] : [.preCheck], check: check).run()
            } catch let error as MediaError {
                return .notAVideo(error.description)
            }
            let v = result.source.video
            let summary = "\(v.codec) \(v.displayWidth)x\(v.displayHeight) \(String(format: "%.2f", result.source.durationSeconds)) s"
            guard let report = result.preCheck else {
                return .video(.pass, summary: summary + ", pre-check unavailable")
            }
            let verdict: InspectionOutcome.Verdict = switch report.verdict {
            case .pass: .pass
            case .warn: .warn
            case .fail: .fail
            }
            return .video(verdict, summary: summary + ", pre-check \(report.verdict.rawValue) " + report.reasons.map(\.code.rawValue).joined(separator: ","))
        }
        guard let outcome else { throw CocoaError(.fileWriteUnknown) }
        return outcome
    }
}
