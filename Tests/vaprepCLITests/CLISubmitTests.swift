import Foundation
import Testing
import VAPrepTestSupport

/// `vaprep submit` against `vaprep sandbox`, both through the real binary on 127.0.0.1:
/// exit codes, masked output, the pre-check gate, the key, name and ID number only from the
/// environment (or a file / standard input), https only, no selfie in a named file.
@Suite("vaprep submit / vaprep sandbox (command line)", .serialized)
struct CLISubmitTests {
    static let key = "cli-test-key-5f4e3d2c1b"
    static let name = TestIdentity.name
    static let id = TestIdentity.idNumber

    /// `vaprep sandbox --port 0` in a child process; the first stdout line is its endpoint.
    final class SandboxProcess {
        let process: RunningTool
        let endpoint: String

        init(key: String = CLISubmitTests.key) throws {
            process = try Tool.vaprep.start(["sandbox", "--port", "0", "--key", key])
            endpoint = (process.readLine() ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Stops the sandbox and returns what it logged.
        func stop() -> String {
            process.stop()
        }
    }

    /// The person comes from VAPREP_NAME / VAPREP_ID, the way the help recommends.
    func submit(_ clip: String, endpoint: String, extra: [String] = [], id: String = CLISubmitTests.id,
                key: String? = CLISubmitTests.key, environment more: [String: String] = [:]) throws -> ToolResult {
        // nil: the variable is set but empty, which must count as missing.
        var environment = ["VAPREP_API_KEY": key ?? "", "VAPREP_NAME": Self.name, "VAPREP_ID": id]
        environment.merge(more) { _, new in new }
        let path = clip.hasPrefix("/") ? clip : TestData.path(clip)
        return try Tool.vaprep.run(["submit", path, "--endpoint", endpoint] + extra, environment: environment, timeout: 300)
    }

    func assertNoPII(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in [Self.key, Self.id, Self.name] where text.contains(secret) {
                Issue.record("output leaks \(secret.count)-character secret: \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("end to end: a live clip passes (exit 0); the output is masked")
    func passes() throws {
        let sandbox = try SandboxProcess()
        #expect(sandbox.endpoint.hasPrefix("http://127.0.0.1:") && sandbox.endpoint.hasSuffix("/videoAuth/query"))
        let human = try submit("live.mp4", endpoint: sandbox.endpoint)
        let json = try submit("live.mp4", endpoint: sandbox.endpoint, extra: ["--json", "--rate-type", "3"])
        let log = sandbox.stop()
        #expect(human.exitCode == 0, "\(human.stderr)")
        #expect(human.stdout.contains("张*") && human.stdout.contains("1101**********002X"))
        #expect(human.stdout.contains("liveness   passed") && human.stdout.contains("face       matched"))
        #expect(json.exitCode == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let result = try #require(report["result"] as? [String: Any])
        #expect(result["rateType"] as? Int == 3)
        #expect((result["orderID"] as? String)?.hasPrefix("SANDBOX") == true)
        #expect(report["submitted"] as? Bool == true)
        #expect(report["name"] as? String == "张**")
        #expect(log.contains("simulated verification"))
        assertNoPII([human.stdout, human.stderr, json.stdout, json.stderr, log])
    }

    @Test("pre-check fail: not submitted without --force (exit 1); with --force the sandbox judges it (exit 1)")
    func preCheckGate() throws {
        let sandbox = try SandboxProcess()
        let gated = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--json"])
        let forced = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--force"])
        let log = sandbox.stop()
        #expect(gated.exitCode == 1, "\(gated.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(gated.stdout.utf8)) as? [String: Any])
        #expect(report["submitted"] as? Bool == false)
        #expect((report["precheck"] as? [String: Any])?["verdict"] as? String == "fail")
        #expect(gated.stderr.contains("--force"))
        // Only the forced call reached the sandbox.
        #expect(log.components(separatedBy: "simulated verification").count - 1 == 1)
        #expect(forced.exitCode == 1, "\(forced.stderr)")
        #expect(forced.stdout.contains("liveness   FAILED"))
        assertNoPII([gated.stdout, gated.stderr, forced.stdout, forced.stderr, log])
    }

    @Test("input errors exit 3 before anything is sent; API errors exit 5; usage errors exit 2")
    func exitCodes() async throws {
        let sandbox = try SandboxProcess()
        // black.mp4 is small and fails the pre-check quickly; --force sends it anyway.
        let badID = try submit("black.mp4", endpoint: sandbox.endpoint, id: "110105194912310039")
        let noKey = try submit("black.mp4", endpoint: sandbox.endpoint, key: nil)
        let wrongKey = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--json", "--force"], key: "cli-wrong-key-000000")
        let badRate = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--rate-type", "9"])
        // SandboxReservedIDs.idNumber(for: .internalError): the sandbox answers 10014 with an order id.
        let internalError = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--json", "--force"], id: "110101190001010145")
        let log = sandbox.stop()
        // The sandbox is gone: nothing listens.
        let refused = try submit("black.mp4", endpoint: sandbox.endpoint, extra: ["--force", "--connect-timeout", "1"])

        #expect(badID.exitCode == 3 && badID.stderr.contains("check character"), "\(badID.stderr)")
        #expect(noKey.exitCode == 3 && noKey.stderr.contains("VAPREP_API_KEY"), "\(noKey.stderr)")
        #expect(wrongKey.exitCode == 5, "\(wrongKey.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(wrongKey.stdout.utf8)) as? [String: Any])
        #expect((report["error"] as? [String: Any])?["vendorCode"] as? Int == 10001)
        #expect((report["error"] as? [String: Any])?["classification"] as? String == "configuration")
        #expect(badRate.exitCode == 2)
        #expect(internalError.exitCode == 5, "\(internalError.stderr)")
        let internalReport = try #require(try JSONSerialization.jsonObject(with: Data(internalError.stdout.utf8)) as? [String: Any])
        let internalSummary = try #require(internalReport["error"] as? [String: Any])
        #expect(internalSummary["vendorCode"] as? Int == 10014)
        #expect(internalSummary["attempts"] as? Int == 1)
        #expect(internalSummary["mayHaveBeenCharged"] as? Bool == true)
        #expect((internalSummary["orderID"] as? String)?.hasPrefix("SANDBOX") == true)
        #expect(internalError.stderr.contains("check the order"))
        #expect(refused.exitCode == 5 && refused.stderr.contains("Nothing reached the vendor"), "\(refused.stderr)")
        assertNoPII([badID, noKey, wrongKey, badRate, internalError, refused].flatMap { [$0.stdout, $0.stderr] } + [log])
        #expect(!badID.stderr.contains("110105194912310039"))
    }
}
