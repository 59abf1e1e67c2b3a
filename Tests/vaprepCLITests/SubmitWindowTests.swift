import Foundation
import Testing
import VAPrep
import VAPrepSandbox
import VAPrepTestSupport

/// `vaprep submit` sends exactly what `vaprep FILE` judges: the same window, the same bytes.
/// The submit runs through the real binary against an in-process sandbox that records a hash
/// of every `videoData` it receives.
@Suite("submit sends what the report judges", .serialized)
struct SubmitWindowTests {
    static let key = "window-test-key-0a1b2c3d"

    @Test("a 40 s clip under huawei's window: vaprep FILE and vaprep submit choose the same window and send the same MP4")
    func sameWindowSameBytes() async throws {
        let path = try await PrepareFixtures.shared.clip(.replay40s)
        // huawei's limits without its size budget: a budget sets a VBV cap, and x264 with a
        // cap and frame threads plans each frame's quantiser from its other threads' estimates,
        // so its bytes depend on thread timing. Without the cap two processes agree byte for byte.
        var profile = Profile.huawei
        profile.name = "huawei-uncapped"
        profile.maxValueBytes = nil
        let folder = try TestData.makeTemporaryDirectory(prefix: "vaprep-submit-window")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profileFile = folder.appendingPathComponent("profile.json").path
        try JSONEncoder().encode(profile).write(to: URL(fileURLWithPath: profileFile))
        let report = try await ClipReport.make(path: path, profile: profile)
        let cli = try Tool.vaprep.run([path, "--profile-file", profileFile, "--json"], timeout: 300)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let plan = try #require((object["prepared"] as? [String: Any])?["plan"] as? [String: Any])
        #expect(plan["windowStart"] as? Double == report.prepared.plan.windowStart)
        #expect(plan["windowDuration"] as? Double == report.prepared.plan.windowDuration)
        // The bytes `vaprep FILE` judged, from a process of its own like submit's.
        let judgedBytes = try #require((object["prepared"] as? [String: Any])?["mp4Bytes"] as? Int)
        let judgedFile = folder.appendingPathComponent("judged.mp4").path
        _ = try Tool.vaprep.runSucceeding(["prepare", path, "--profile-file", profileFile, "-o", judgedFile], timeout: 300)
        let judged = [UInt8](try Data(contentsOf: URL(fileURLWithPath: judgedFile)))
        #expect(judged.count == judgedBytes)

        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: Self.key))
        // The replay fails its pre-check; --force pays for the call anyway, which is what lets
        // the sandbox see the payload.
        let submit = try Tool.vaprep.run(
            ["submit", path, "--name", "张三丰", "--id", "11010519491231002X", "--endpoint", sandbox.endpoint,
             "--profile-file", profileFile, "--force", "--json"],
            environment: ["VAPREP_API_KEY": Self.key], timeout: 300)
        let records = sandbox.recorder.records
        await sandbox.stop()
        let received = try #require(records.last, "stderr: \(submit.stderr)")
        #expect(received.videoByteCount == judged.count)
        #expect(received.videoHash == fnv1a64(judged))
        // And submit printed the verdict of that window: the replay fails.
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any])
        #expect((printed["precheck"] as? [String: Any])?["verdict"] as? String == "fail")
    }
}
