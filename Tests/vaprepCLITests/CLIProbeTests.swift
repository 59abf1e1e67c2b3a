import Foundation
import Testing
import VAPrepTestSupport

/// The `vaprep probe` and `vaprep FILE` contracts: JSON keys, exit codes, one stderr line.
@Suite("vaprep probe / vaprep FILE")
struct CLIProbeTests {
    @Test("probe --json has the documented keys and the clip's facts")
    func probeJSONKeys() throws {
        let result = try Tool.vaprep.run(["probe", TestData.path("rotated.mp4"), "--json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["format", "durationSeconds", "sizeBytes", "bitRate", "video", "audio"] {
            #expect(object.keys.contains(key), "missing key \(key)")
        }
        let video = try #require(object["video"] as? [String: Any])
        for key in ["codec", "profile", "pixelFormat", "bitDepth", "width", "height", "rotation",
                    "displayWidth", "displayHeight", "fps", "frameCount", "colorTransfer", "hdr"] {
            #expect(video.keys.contains(key), "missing video key \(key)")
        }
        #expect(video["codec"] as? String == "h264")
        #expect(video["width"] as? Int == 640)
        #expect(video["height"] as? Int == 360)
        #expect(video["rotation"] as? Int == 90)
        #expect(video["displayWidth"] as? Int == 360)
        #expect(video["displayHeight"] as? Int == 640)
        #expect((object["audio"] as? [Any])?.isEmpty == true)
    }

    @Test("probe --json of the HEVC clip lists its audio stream and the HDR flag")
    func probeJSONAudio() throws {
        let result = try Tool.vaprep.run(["probe", TestData.path("hevc-hlg.mov"), "--json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let video = try #require(object["video"] as? [String: Any])
        #expect(video["hdr"] as? Bool == true)
        #expect(video["bitDepth"] as? Int == 10)
        let audio = try #require((object["audio"] as? [[String: Any]])?.first)
        #expect(audio["codec"] as? String == "aac")
        #expect(audio.keys.contains("channels") && audio.keys.contains("sampleRate"))
    }

    @Test("probe prints a human summary with the displayed size of a rotated clip")
    func probeHuman() throws {
        let result = try Tool.vaprep.run(["probe", TestData.path("rotated.mp4")])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("h264"))
        #expect(result.stdout.contains("360x640 displayed"))
        #expect(result.stderr.isEmpty)
    }

    @Test("hostile and missing inputs exit 3 with one line on stderr", arguments: [
        "hostile/empty.mp4", "hostile/text.mp4", "hostile/truncated.mp4", "does-not-exist.mp4",
    ])
    func hostileInputs(name: String) throws {
        for arguments in [["probe", TestData.path(name)], [TestData.path(name)]] {
            let result = try Tool.vaprep.run(arguments)
            #expect(result.exitCode == 3, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "expected one stderr line, got: \(result.stderr)")
            #expect(lines.first?.hasPrefix("vaprep: ") == true)
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("usage errors exit 2")
    func usageErrors() throws {
        #expect(try Tool.vaprep.run(["probe"]).exitCode == 2)
        #expect(try Tool.vaprep.run(["probe", TestData.path("live.mp4"), "--no-such-flag"]).exitCode == 2)
    }

    @Test("--help exits 0 and documents the exit codes")
    func help() throws {
        let result = try Tool.vaprep.run(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("Exit codes"))
    }
}
