import Foundation
import Testing
import VAPrepTestSupport
import VAPrep

/// The shared option groups: every command that plans takes the same profile options, every
/// command that looks for faces the same detector option, and the help lists the profiles
/// from the profile table itself.
@Suite("command-line option groups")
struct CLIOptionsTests {
    @Test("every built-in profile is listed in the help, with its limits", arguments: Profile.builtIn)
    func helpListsProfiles(profile: Profile) throws {
        let root = try Tool.vaprep.run(["--help"])
        #expect(root.exitCode == 0)
        #expect(root.stdout.contains(profile.name + (profile == .default ? " (default)" : "") + ":"), "\(root.stdout)")
        if let bytes = profile.maxValueBytes ?? profile.maxFileBytes {
            #expect(root.stdout.contains("\(bytes) B"))
        }
    }

    @Test("commands that plan take the profile group; commands that detect take the cascade",
          arguments: ["report", "prepare", "check"])
    func groupsOnEveryPlanningCommand(command: String) throws {
        let help = try Tool.vaprep.run([command, "--help"])
        #expect(help.exitCode == 0)
        for flag in ["--profile ", "--profile-file", "--max-bytes", "--max-fps", "--max-side", "--cascade", "--json"] {
            #expect(help.stdout.contains(flag), "\(command) --help lacks \(flag)")
        }
    }

    @Test("--profile and --profile-file together are a usage error on every planning command",
          arguments: ["report", "prepare", "check"])
    func bothProfilesIsUsage(command: String) throws {
        let result = try Tool.vaprep.run([command, TestData.path("live.mp4"), "--profile", "huawei",
                                        "--profile-file", "/nonexistent.json"])
        #expect(result.exitCode == 2, "stderr: \(result.stderr)")
    }

    @Test("vaprep check takes a profile file and its overrides: the duration limit becomes a reason")
    func checkWithProfileFile() throws {
        let dir = NSTemporaryDirectory() + "/vaprep-cli-options-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"name": "long-only", "durationRange": {"min": 8}}"#.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        let result = try Tool.vaprep.run(["check", TestData.path("live.mp4"), "--profile-file", dir + "/p.json",
                                        "--max-fps", "25", "--json"])
        // live.mp4 is 5 s: shorter than the profile's minimum. A check judges, it does not
        // refuse: the verdict names the limit.
        #expect(result.exitCode == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let reasons = try #require(report["reasons"] as? [[String: Any]])
        #expect(reasons.contains { $0["code"] as? String == "tooShort" && $0["threshold"] as? Double == 8 }, "\(reasons)")
    }
}
