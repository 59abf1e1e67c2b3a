import Foundation
import Testing
import VAPrepTestSupport

/// `vaprep check` and `vaprep sample`: JSON keys, exit codes, the contact sheet.
@Suite("vaprep check / vaprep sample")
struct CLICheckTests {
    @Test("check --json: verdict, reasons with value and threshold, frames, seconds; exit 1 on fail")
    func checkJSONOnReplay() throws {
        let result = try Tool.vaprep.run(["check", TestData.path("replay.mp4"), "--json"])
        #expect(result.exitCode == 1, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "fail")
        #expect(object["seconds"] is Double)
        #expect((object["note"] as? String)?.contains("not a liveness model") == true)
        let reasons = try #require(object["reasons"] as? [[String: Any]])
        let noMotion = try #require(reasons.first { $0["code"] as? String == "noMotion" })
        #expect(noMotion["value"] is Double && noMotion["threshold"] is Double)
        let frames = try #require(object["frames"] as? [[String: Any]])
        #expect(!frames.isEmpty)
        for key in ["time", "faces"] { #expect(frames[0].keys.contains(key)) }
        let face = try #require((frames[0]["faces"] as? [[String: Any]])?.first)
        // The CNN (default) adds its score and six keypoints to the box; the cascade gives the box alone.
        #expect(Set(face.keys) == ["x", "y", "width", "height", "score", "landmarks"])
        let landmarks = try #require(face["landmarks"] as? [String: Any])
        #expect(Set(landmarks.keys) == ["rightEye", "leftEye", "noseTip", "mouthCenter", "rightEar", "leftEar"])
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("check --detector cascade: boxes without score or keypoints; an unknown detector is a usage error")
    func checkWithCascade() throws {
        let result = try Tool.vaprep.run(["check", TestData.path("replay.mp4"), "--json", "--detector", "cascade"])
        #expect(result.exitCode == 1, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let frames = try #require(object["frames"] as? [[String: Any]])
        let faces = frames.flatMap { $0["faces"] as? [[String: Any]] ?? [] }
        let face = try #require(faces.first)
        #expect(Set(face.keys) == ["x", "y", "width", "height"])
        let bad = try Tool.vaprep.run(["check", TestData.path("replay.mp4"), "--detector", "yunet"])
        #expect(bad.exitCode == 2)
        #expect(bad.stderr.contains("--detector must be one of: cnn, cascade"))
    }

    @Test("check of the live clip passes with exit 0 and a human report")
    func checkLive() throws {
        let result = try Tool.vaprep.run(["check", TestData.path("live.mp4")])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("pre-check PASS"))
        #expect(result.stdout.contains("not a liveness model"))
    }

    @Test("check of a missing file is an input error (exit 3)")
    func checkMissing() throws {
        let result = try Tool.vaprep.run(["check", TestData.path("does-not-exist.mp4")])
        #expect(result.exitCode == 3)
    }

    @Test("sample writes a PNG contact sheet and the frames")
    func sampleSheet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-sample-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.png").path
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let result = try Tool.vaprep.run(["sample", TestData.path("live.mp4"), "--count", "6", "--sheet", sheet,
                                        "--frames-dir", dir.appendingPathComponent("frames").path])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let png = try #require(FileManager.default.contents(atPath: sheet))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("frames").path)
        #expect(frames.filter { $0.hasSuffix(".png") }.count == 6)
        #expect(result.stdout.contains("6 frames, 6 with a face"))
        // In colour: decoded back to RGB, a good part of the sheet has hue (a grey sheet has
        // only the boxes, dots and nothing else).
        let rawPath = dir.appendingPathComponent("sheet.rgb").path
        let decoded = try Tool.ffmpeg.run(["-v", "error", "-i", sheet, "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", rawPath])
        #expect(decoded.exitCode == 0, "\(decoded.stderr)")
        let raw = [UInt8](try #require(FileManager.default.contents(atPath: rawPath)))
        let pixels = raw.count / 3
        let coloured = stride(from: 0, to: pixels * 3, by: 3).filter { i in
            let c = raw[i..<(i + 3)]
            return Int(c.max()!) - Int(c.min()!) > 24
        }.count
        #expect(pixels > 0 && Double(coloured) / Double(pixels) > 0.1, "\(coloured) of \(pixels) pixels have colour")
    }
}
