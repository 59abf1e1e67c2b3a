import Foundation
import Testing
import VAPrepTestSupport

/// `vaprep prepare` through the real binary: files written only when asked, atomically and
/// privately, never onto the input; the JSON keys; the exit codes of each failure.
@Suite("vaprep prepare (command line)")
struct PrepareCommandTests {
    let fixtures = PrepareFixtures.shared

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "/vaprep-prepare-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("--json, -o and --payload: the MP4, its videoData value and the report agree")
    func writesWhatItReports() async throws {
        let input = try await fixtures.clip(.rotated)
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try Tool.vaprep.run(["prepare", input, "-o", dir + "/out.mp4", "--payload", dir + "/out.txt", "--json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no progress bar when stderr is not a TTY")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["passThrough", "plan", "mp4Bytes", "payloadBytes", "budgetBytes", "output", "seconds", "attempts"] {
            #expect(report[key] != nil, "missing \(key)")
        }
        #expect(report["passThrough"] as? Bool == false)
        #expect(report["budgetBytes"] as? Int == 10_000_000)
        let output = try #require(report["output"] as? [String: Any])
        let video = try #require(output["video"] as? [String: Any])
        #expect(output["durationSeconds"] != nil && output["format"] != nil)
        #expect(video["codec"] as? String == "h264" && video["rotation"] as? Int == 0)

        let mp4 = try Data(contentsOf: URL(fileURLWithPath: dir + "/out.mp4"))
        let payload = try String(contentsOfFile: dir + "/out.txt", encoding: .utf8)
        #expect(mp4.count == report["mp4Bytes"] as? Int)
        #expect(payload.utf8.count == report["payloadBytes"] as? Int)
        #expect(payload.hasPrefix("base64:") && !payload.contains("\n"))
        #expect(Data(base64Encoded: String(payload.dropFirst(7))) == mp4)
        // Biometric data: readable by the owner only.
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/out.mp4")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Nothing else was left in the directory (no temp files).
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == ["out.mp4", "out.txt"])
    }

    @Test("the human summary names the plan, the payload and the budget")
    func humanSummary() async throws {
        let input = try await fixtures.clip(.compliant)
        let result = try Tool.vaprep.run(["prepare", input])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("pass-through"))
        #expect(result.stdout.contains("budget 10000000 bytes of videoData"))
        #expect(!result.stdout.contains("wrote"))
    }

    @Test("refuses to overwrite its input, and leaves it untouched")
    func neverClobbersInput() async throws {
        let original = try await fixtures.clip(.compliant)
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/clip.mp4"
        try FileManager.default.copyItem(atPath: original, toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        for flag in ["-o", "--payload"] {
            let result = try Tool.vaprep.run(["prepare", input, flag, dir + "/../" + URL(fileURLWithPath: dir).lastPathComponent + "/clip.mp4"])
            #expect(result.exitCode == 2)
            #expect(result.stderr.contains("refusing to overwrite the input"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }

    @Test("each failure has its exit code and a line saying what to do")
    func failures() async throws {
        let input = try await fixtures.clip(.rotated)
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let tiny = try Tool.vaprep.run(["prepare", input, "--max-bytes", "5000"])
        #expect(tiny.exitCode == 2)
        #expect(tiny.stderr.contains("raise --max-bytes"))

        let unknown = try Tool.vaprep.run(["prepare", input, "--profile", "tencent"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("juhe-videoauth"))

        try "{ not json".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try Tool.vaprep.run(["prepare", input, "--profile-file", dir + "/bad.json"])
        #expect(bad.exitCode == 3)
        #expect(bad.stderr.contains("not valid profile JSON"))

        let both = try Tool.vaprep.run(["prepare", input, "--profile", "huawei", "--profile-file", dir + "/bad.json"])
        #expect(both.exitCode == 2)

        let short = try Tool.vaprep.run(["prepare", input, "--profile", "baidu", "--start", "4"])
        #expect(short.exitCode == 3)
        #expect(short.stderr.contains("at least 5.0 s"))

        let nowhere = try Tool.vaprep.run(["prepare", input, "-o", dir + "/no/such/dir/out.mp4"])
        #expect(nowhere.exitCode == 2)
        #expect(nowhere.stderr.contains("missing or not writable"))

        let missing = try Tool.vaprep.run(["prepare", dir + "/none.mp4"])
        #expect(missing.exitCode == 3)
    }

    @Test("a custom profile file is used, with overrides on top")
    func customProfile() async throws {
        let input = try await fixtures.clip(.fps60)
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"name": "mine", "maxValueBytes": 2000000, "fpsRange": {"max": 25}, "maxSide": 480}"#
            .write(toFile: dir + "/mine.json", atomically: true, encoding: .utf8)
        let result = try Tool.vaprep.run(["prepare", input, "--profile-file", dir + "/mine.json", "--max-side", "320", "--json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plan = try #require(report["plan"] as? [String: Any])
        #expect(plan["profile"] as? String == "mine")
        let video = try #require((report["output"] as? [String: Any])?["video"] as? [String: Any])
        #expect(video["displayWidth"] as? Int == 320 && video["displayHeight"] as? Int == 180)
        #expect((video["fps"] as? Double ?? 99) <= 25.01)
        #expect((report["payloadBytes"] as? Int ?? .max) <= 2_000_000)
    }

    @Test("without --start the window moves to where the face is")
    func faceAwareWindow() async throws {
        let path = try await fixtures.clip(.faceLate)
        let result = try Tool.vaprep.run(["prepare", path, "--json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plan = try #require(object["plan"] as? [String: Any])
        #expect((plan["windowStart"] as? Double ?? 0) >= 2.0)
    }

    @Test("--json shows the face weighting and size the plan chose; --no-face-sizing leaves the size out, --no-face-weighting both")
    func faceWeightingKeys() async throws {
        let input = TestData.path("rotated.mp4")   // the live face, stored with a −90° matrix
        func report(_ extra: [String]) throws -> [String: Any] {
            let result = try Tool.vaprep.run(["prepare", input, "--json"] + extra)
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let on = try report([])
        let transcode = try #require((on["plan"] as? [String: Any])?["transcode"] as? [String: Any])
        let weighting = try #require(transcode["faceWeighting"] as? [String: Any])
        let offsets = try #require(weighting["offsets"] as? [String: Any])
        for key in ["face", "faceMargin", "background", "blendMargin", "rings"] { #expect(offsets[key] != nil, "missing \(key)") }
        let samples = try #require((weighting["track"] as? [String: Any])?["samples"] as? [[String: Any]])
        #expect(samples.contains { $0["box"] != nil && $0["time"] != nil })
        // rotated.mp4 is already at the pre-check's 360 px short side: the size is the plan's, recorded.
        let sizing = try #require(weighting["sizing"] as? [String: Any])
        for key in ["plannedWidth", "plannedHeight", "faceWidth", "minimumFaceWidth", "minimumShortSide"] { #expect(sizing[key] is Int, "missing \(key)") }
        #expect(sizing["plannedWidth"] as? Int == transcode["outputWidth"] as? Int)
        let attempt = try #require((on["attempts"] as? [[String: Any]])?.last)
        #expect((attempt["faceWeightedFrames"] as? Int ?? 0) > 0)
        let unsized = try report(["--no-face-sizing"])
        let kept = try #require((unsized["plan"] as? [String: Any])?["transcode"] as? [String: Any])
        #expect((kept["faceWeighting"] as? [String: Any])?["offsets"] != nil && (kept["faceWeighting"] as? [String: Any])?["sizing"] == nil)

        let off = try report(["--no-face-weighting"])
        let plain = try #require((off["plan"] as? [String: Any])?["transcode"] as? [String: Any])
        #expect(plain["faceWeighting"] == nil)
        #expect((off["attempts"] as? [[String: Any]])?.last?["faceWeightedFrames"] as? Int == 0)
    }

    @Test("no face found: the MP4 is byte for byte the one --no-face-weighting writes")
    func noFaceBytesAreToday() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // noface.mp4 is compliant H.264; a profile that only takes HEVC makes it a transcode.
        try #"{"name": "hevc-only", "videoCodecs": ["hevc"]}"#.write(toFile: dir + "/hevc.json", atomically: true, encoding: .utf8)
        let input = TestData.path("noface.mp4")
        for (name, extra) in [("on", [String]()), ("off", ["--no-face-weighting"])] {
            let result = try Tool.vaprep.run(["prepare", input, "--profile-file", dir + "/hevc.json", "-o", dir + "/\(name).mp4"] + extra)
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        }
        let on = try Data(contentsOf: URL(fileURLWithPath: dir + "/on.mp4"))
        let off = try Data(contentsOf: URL(fileURLWithPath: dir + "/off.mp4"))
        let same = on == off
        #expect(same && !on.isEmpty)
    }
}
