import Foundation
import Testing
import VAPrepTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `vaprep submit` keeps personal data off the command line, off plain HTTP and out of named
/// files, gates the paid call on the pre-check, strips metadata, and says so when a call
/// may have been charged — each through the real binary against a real local server.
@Suite("vaprep submit: personal data, https, temp files, pre-check gate, metadata (command line)", .serialized)
struct CLISubmitPrivacyTests {
    typealias Sandbox = CLISubmitTests.SandboxProcess

    /// What a finished `vaprep` printed and how it ended.
    struct RunResult {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }
    static let key = CLISubmitTests.key
    static let name = CLISubmitTests.name
    static let id = CLISubmitTests.id

    /// Runs `vaprep` with `arguments`, `environment` and `stdin`; `whileRunning` sees the pid.
    static func run(_ arguments: [String], environment: [String: String], stdin: Data? = nil,
                    whileRunning: ((Int32) -> Void)? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = Tool.vaprep.url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        for name in ["VAPREP_NAME", "VAPREP_ID"] where environment[name] == nil { env[name] = nil }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }
        let stderrData = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }
        whileRunning?(process.processIdentifier)
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let (o, e) = (blocking(stdoutData), blocking(stderrData))
        return RunResult(exitCode: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                stderr: String(decoding: e, as: UTF8.self))
    }

    static func blocking(_ task: Task<Data, Never>) -> Data {
        let semaphore = DispatchSemaphore(value: 0)
        let box = DataBox()
        Task { box.data = await task.value; semaphore.signal() }
        semaphore.wait()
        return box.data
    }

    final class DataBox: @unchecked Sendable { var data = Data() }

    /// A `/proc` file's bytes, read with plain `read(2)`: Foundation's `Data(contentsOf:)` leaks
    /// its read buffers on files whose size `stat` reports as 0 (found by LeakSanitizer).
    static func procFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { return count == 0 ? bytes : nil }
            bytes += chunk[..<count]
        }
    }

    static func baseEnvironment(tmp: String? = nil) -> [String: String] {
        var env = ["VAPREP_API_KEY": key]
        if let tmp { env["TMPDIR"] = tmp }
        return env
    }

    static func assertNoPII(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in [key, id, name] where text.contains(secret) {
                Issue.record("output leaks a \(secret.count)-character secret: \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    static func freshFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("the person comes from the environment, a JSON file or standard input; --name/--id warn")
    func personSources() throws {
        let sandbox = try Sandbox()
        let folder = try Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let personFile = folder.appendingPathComponent("person.json")
        let personJSON = Data("{\"name\": \"\(Self.name)\", \"id\": \"\(Self.id)\"}".utf8)
        try personJSON.write(to: personFile)
        let clip = TestData.path("live.mp4")
        var env = Self.baseEnvironment()
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let fromEnv = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint], environment: env)
        var otherEnv = Self.baseEnvironment()
        otherEnv["WHO_NAME"] = Self.name
        otherEnv["WHO_ID"] = Self.id
        let fromNamedEnv = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--name-env", "WHO_NAME", "--id-env", "WHO_ID"],
                                        environment: otherEnv)
        let fromFile = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--person", personFile.path], environment: Self.baseEnvironment())
        let fromStdin = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--person", "-"], environment: Self.baseEnvironment(),
                                     stdin: personJSON)
        let fromArgs = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--name", Self.name, "--id", Self.id],
                                    environment: Self.baseEnvironment())
        let missing = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint], environment: Self.baseEnvironment())
        let both = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--person", "-", "--name", Self.name],
                                environment: Self.baseEnvironment())
        let badJSON = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--person", "-"], environment: Self.baseEnvironment(),
                                   stdin: Data("{\"name\": \"\(Self.name)\"}".utf8))
        let log = sandbox.stop()

        for result in [fromEnv, fromNamedEnv, fromFile, fromStdin, fromArgs] {
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stdout.contains("liveness   passed"))
        }
        for quiet in [fromEnv, fromNamedEnv, fromFile, fromStdin] { #expect(!quiet.stderr.contains("warning")) }
        #expect(fromArgs.stderr.contains("warning: --name/--id are visible to other users"))
        #expect(missing.exitCode == 2 && missing.stderr.contains("VAPREP_NAME"), "\(missing.stderr)")
        #expect(both.exitCode == 2, "\(both.stderr)")
        #expect(badJSON.exitCode == 3 && !badJSON.stderr.contains(Self.name), "\(badJSON.stderr)")
        // Five calls reached the sandbox, none of the refused ones.
        #expect(log.components(separatedBy: "simulated verification").count - 1 == 5)
        Self.assertNoPII([fromEnv, fromNamedEnv, fromFile, fromStdin, fromArgs, missing, both, badJSON].flatMap { [$0.stdout, $0.stderr] } + [log])
    }

    @Test("plain http to another host is a usage error (2) unless --allow-insecure-http, which warns")
    func httpsByDefault() throws {
        var env = Self.baseEnvironment()
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let clip = TestData.path("black.mp4")
        let refused = try Self.run(["submit", clip, "--endpoint", "http://192.0.2.1/videoAuth/query"], environment: env)
        #expect(refused.exitCode == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-insecure-http"))
        // TEST-NET-1 is never routed: the warning is printed, then the connection fails before the body (exit 5).
        let allowed = try Self.run(["submit", clip, "--endpoint", "http://192.0.2.1/videoAuth/query", "--allow-insecure-http", "--force",
                                    "--connect-timeout", "1", "--deadline", "4"], environment: env)
        #expect(allowed.stderr.contains("warning: sending the API key, name, ID number and video to 192.0.2.1 over plain http"))
        #expect(allowed.exitCode == 5, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("Nothing reached the vendor"))
        let badCA = try Self.run(["submit", clip, "--endpoint", "https://127.0.0.1:9/videoAuth/query", "--ca-file", "/nonexistent/ca.pem", "--force"],
                                 environment: env)
        #expect(badCA.exitCode == 3 && badCA.stderr.contains("/nonexistent/ca.pem"), "\(badCA.stderr)")
        for loopback in ["http://localhost:9/videoAuth/query", "http://127.0.0.9:9/videoAuth/query", "http://[::1]:9/videoAuth/query"] {
            let local = try Self.run(["submit", clip, "--endpoint", loopback, "--force", "--connect-timeout", "1", "--deadline", "3"], environment: env)
            #expect(local.exitCode == 5 && !local.stderr.contains("warning"), "\(loopback): \(local.stderr)")
        }
        Self.assertNoPII([refused, allowed, badCA].flatMap { [$0.stdout, $0.stderr] })
    }

    @Test("a pre-check that cannot run blocks the paid call (exit 3 for a missing cascade) unless --force, which says it did not run")
    func preCheckErrorBlocks() throws {
        let sandbox = try Sandbox()
        var env = Self.baseEnvironment()
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let clip = TestData.path("live.mp4")
        let broken = ["--detector", "cascade", "--cascade", "/nonexistent/haarcascade.xml"]   // the detector cannot be built
        let blocked = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--json"] + broken, environment: env)
        let forced = try Self.run(["submit", clip, "--endpoint", sandbox.endpoint, "--force"] + broken, environment: env)
        let log = sandbox.stop()
        #expect(blocked.exitCode == 3, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("pre-check could not run") && blocked.stderr.contains("nothing was paid"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as? [String: Any])
        #expect(report["submitted"] as? Bool == false)
        #expect(report["prepared"] == nil, "nothing is prepared for a call that will not be made")
        #expect((report["precheckNotRun"] as? String)?.contains("/nonexistent/haarcascade.xml") == true)
        #expect(forced.exitCode == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("pre-check  DID NOT RUN") && forced.stdout.contains("--force"))
        // Only the forced call was paid for.
        #expect(log.components(separatedBy: "simulated verification").count - 1 == 1)
        Self.assertNoPII([blocked.stdout, blocked.stderr, forced.stdout, forced.stderr, log])
    }

    @Test("no selfie in a named file: the temp folder stays empty during and after a submit, and after a cancelled one")
    func noNamedTempFiles() throws {
        let sandbox = try Sandbox()
        let tmp = try Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        var env = Self.baseEnvironment(tmp: tmp.path)
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let contents = { (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? ["<unreadable>"] }
        var seen: Set<String> = []
        var commandLines: [String] = []
        // rotated.mp4 is transcoded: the MP4 is muxed, probed and judged in memory.
        let normal = try Self.run(["submit", TestData.path("rotated.mp4"), "--endpoint", sandbox.endpoint], environment: env) { pid in
            let started = Date()
            while kill(pid, 0) == 0 && Date().timeIntervalSince(started) < 60 {
                seen.formUnion(contents())
                if let cmdline = Self.procFile("/proc/\(pid)/cmdline") {
                    commandLines.append(String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self))
                }
                usleep(2_000)
            }
        }
        #expect(normal.exitCode == 0, "\(normal.stderr)")
        #expect(seen.isEmpty, "named files seen while submitting: \(seen)")
        #expect(contents().isEmpty)
        #expect(!commandLines.isEmpty)
        Self.assertNoPII(commandLines)

        // Cancelled (SIGINT, then SIGKILL if it is still running) while preparing or pre-checking.
        for signal in [SIGINT, SIGKILL] {
            let cancelled = try Self.run(["submit", TestData.path("rotated.mp4"), "--endpoint", sandbox.endpoint], environment: env) { pid in
                usleep(400_000)
                kill(pid, signal)
            }
            #expect(cancelled.exitCode != 0)
            #expect(contents().isEmpty, "left behind after signal \(signal): \(contents())")
        }
        _ = sandbox.stop()
    }

    @Test("a compliant phone clip is sent without its metadata and audio; --keep-metadata sends the original")
    func metadataStripped() throws {
        let folder = try Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // live.mp4's video, copied, plus audio, GPS location, make and model: a phone's file.
        let phone = folder.appendingPathComponent("phone.mp4").path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-nostdin", "-v", "error", "-y", "-i", TestData.path("live.mp4"), "-f", "lavfi", "-i", "sine=duration=5",
                            "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-shortest",
                            "-metadata", "location=+37.7749-122.4194/", "-metadata", "com.apple.quicktime.location.ISO6709=+37.7749-122.4194+010.000/",
                            "-metadata", "make=Apple", "-metadata", "model=iPhone 15 Pro", "-movflags", "use_metadata_tags", phone]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)
        let fileBytes = try #require(try FileManager.default.attributesOfItem(atPath: phone)[.size] as? Int)

        let sandbox = try Sandbox()
        var env = Self.baseEnvironment()
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let stripped = try Self.run(["submit", phone, "--endpoint", sandbox.endpoint, "--json"], environment: env)
        let kept = try Self.run(["submit", phone, "--endpoint", sandbox.endpoint, "--json", "--keep-metadata"], environment: env)
        let log = sandbox.stop()
        #expect(stripped.exitCode == 0, "\(stripped.stderr)")
        #expect(kept.exitCode == 0, "\(kept.stderr)")
        let strippedReport = try #require(try JSONSerialization.jsonObject(with: Data(stripped.stdout.utf8)) as? [String: Any])
        let keptReport = try #require(try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [String: Any])
        let strippedPrepared = try #require(strippedReport["prepared"] as? [String: Any])
        let keptPrepared = try #require(keptReport["prepared"] as? [String: Any])
        #expect(strippedPrepared["passThrough"] as? Bool == true && strippedPrepared["metadataStripped"] as? Bool == true)
        #expect(keptPrepared["metadataStripped"] as? Bool == false)
        #expect(keptPrepared["mp4Bytes"] as? Int == fileBytes)
        let strippedBytes = try #require(strippedPrepared["mp4Bytes"] as? Int)
        #expect(strippedBytes < fileBytes)
        // What arrived at the sandbox: the stripped size, then the original's.
        #expect(log.contains("videoBytes=\(strippedBytes)") || log.contains("\"videoBytes\": \(strippedBytes)") || log.contains("videoBytes: \(strippedBytes)"),
                "\(log)")
    }

    @Test("HTTP 503 after the whole request was read: exit 5, one request, 'MAY HAVE BEEN CHARGED' with the request ID")
    func outcomeUnknownExitsFive() throws {
        let server = try ReadAllThen503Server()
        var env = Self.baseEnvironment()
        env["VAPREP_NAME"] = Self.name
        env["VAPREP_ID"] = Self.id
        let result = try Self.run(["submit", TestData.path("black.mp4"), "--endpoint", "http://127.0.0.1:\(server.port)/videoAuth/query",
                                   "--force", "--json"], environment: env)
        let requests = server.stop()
        #expect(result.exitCode == 5, "\(result.stderr)")
        #expect(requests == 1)
        #expect(result.stderr.contains("MAY HAVE BEEN CHARGED"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let error = try #require(report["error"] as? [String: Any])
        #expect(error["classification"] as? String == "outcomeUnknown")
        #expect(error["mayHaveBeenCharged"] as? Bool == true)
        #expect(error["attempts"] as? Int == 1)
        let requestID = try #require(error["requestID"] as? String)
        #expect(result.stderr.contains(requestID))
        #expect(error["bodySentAt"] != nil)
        Self.assertNoPII([result.stdout, result.stderr])
    }
}
