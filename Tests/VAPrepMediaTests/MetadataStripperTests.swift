import Foundation
import Testing
import VAPrepMedia
import VAPrepTestSupport

/// `MetadataStripper` against a phone-like clip made at test time by the real `ffmpeg`
/// (GPS location in both the `location` and the QuickTime ISO 6709 key, make, model,
/// creation time, a title, a chapter, audio and subtitle tracks), judged by the real `ffprobe`.
@Suite("MetadataStripper: stream-copy remux without metadata", .enabled(if: Tool.ffmpeg.isAvailable && Tool.ffprobe.isAvailable))
struct MetadataStripperTests {
    /// Strings that identify the person's place, device or time: none may survive.
    static let secrets = ["+37.7749", "-122.4194", "iPhone", "Apple", "2024-05-01", "Home video", "Chapter at home",
                          "CoreMediaVideo", "Lavf", "Lavc", "secret subtitle"]

    /// Makes the phone-like clip in `folder` and returns its path.
    static func makePhoneClip(in folder: URL) throws -> String {
        let subtitles = folder.appendingPathComponent("subs.srt")
        try "1\n00:00:00,000 --> 00:00:01,000\nhello secret subtitle\n\n".write(to: subtitles, atomically: true, encoding: .utf8)
        let chapters = folder.appendingPathComponent("meta.txt")
        try ";FFMETADATA1\ntitle=Home video\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=Chapter at home\n"
            .write(to: chapters, atomically: true, encoding: .utf8)
        let clip = folder.appendingPathComponent("phone.mp4").path
        try Tool.ffmpeg.runSucceeding([
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
            "-i", subtitles.path, "-i", chapters.path,
            "-map", "0:v", "-map", "1:a", "-map", "2:s", "-map_metadata", "3", "-map_chapters", "3",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-c:s", "mov_text",
            "-metadata", "location=+37.7749-122.4194/", "-metadata", "com.apple.quicktime.location.ISO6709=+37.7749-122.4194+010.000/",
            "-metadata", "make=Apple", "-metadata", "model=iPhone 15 Pro", "-metadata", "com.apple.quicktime.model=iPhone 15 Pro",
            "-metadata", "creation_time=2024-05-01T10:00:00Z", "-metadata:s:v", "handler_name=CoreMediaVideo",
            "-movflags", "use_metadata_tags", clip,
        ])
        return clip
    }

    /// Runs a tool and returns its standard output.
    static func output(of tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything ffprobe reports about the container, its streams and chapters, as JSON text.
    static func probe(_ path: String) throws -> String {
        try output(of: Tool.ffprobe.url.path, ["-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", path])
    }

    /// Size and MD5 of every video packet as demuxed, in order (timestamps left out: the
    /// muxer may pick another time scale, the bytes must not change).
    static func videoPacketHashes(_ path: String) throws -> [String] {
        try output(of: Tool.ffmpeg.url.path, ["-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-"])
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { line in line.split(separator: ",").suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
    }

    @Test("the payload keeps one video stream, no tags that say where, when or on what, and identical video packets")
    func stripsPhoneClip() async throws {
        let folder = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let phone = try Self.makePhoneClip(in: folder)
        let before = try Self.probe(phone)
        // The test can fail: the source really carries every secret.
        for secret in Self.secrets where secret != "secret subtitle" && secret != "Lavc" { #expect(before.contains(secret), "\(secret)") }

        let source = try await MediaSource.open(path: phone)
        #expect(source.info.audio.count == 1)
        let stripped = try MetadataStripper.strip(source: source)
        let out = folder.appendingPathComponent("stripped.mp4")
        try Data(stripped.mp4).write(to: out)

        let after = try Self.probe(out.path)
        for secret in Self.secrets { #expect(!after.contains(secret), "ffprobe still shows \(secret)") }
        let raw = String(decoding: stripped.mp4, as: UTF8.self)
        for secret in Self.secrets { #expect(!raw.contains(secret), "the bytes still hold \(secret)") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])
        let streams = try #require(json["streams"] as? [[String: Any]])
        #expect(streams.map { $0["codec_type"] as? String } == ["video"])
        #expect((json["chapters"] as? [Any])?.isEmpty ?? true)
        #expect(((json["format"] as? [String: Any])?["tags"] as? [String: Any])?["creation_time"] == nil)

        let original = try Self.videoPacketHashes(phone)
        #expect(original.count == 60)
        #expect(try Self.videoPacketHashes(out.path) == original)

        #expect(stripped.info.audio.isEmpty && stripped.info.creationTime == nil)
        #expect(stripped.info.sizeBytes == Int64(stripped.mp4.count))
        #expect(stripped.mp4.count < (try FileManager.default.attributesOfItem(atPath: phone)[.size] as? Int ?? 0))
    }

    @Test("a second strip of the same opened source rewinds and gives the same bytes")
    func rewindsAndIsDeterministic() async throws {
        let source = try await MediaSource.open(path: TestData.path("live.mp4"))
        let first = try MetadataStripper.strip(source: source)
        let second = try MetadataStripper.strip(source: source)
        #expect(first.mp4 == second.mp4)
        #expect(try Self.videoPacketHashes(TestData.path("live.mp4")).count > 0)
    }

    @Test("a rotated clip keeps its display matrix")
    func keepsRotation() async throws {
        let folder = try TestData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await MediaSource.open(path: TestData.path("rotated.mp4"))
        #expect(source.info.video.rotation != 0)
        let stripped = try MetadataStripper.strip(source: source)
        let out = folder.appendingPathComponent("rotated-stripped.mp4").path
        try Data(stripped.mp4).write(to: URL(fileURLWithPath: out))
        let reopened = try await MediaProbe.probe(path: out)
        #expect(reopened.video.rotation == source.info.video.rotation)
        #expect(reopened.video.width == source.info.video.width && reopened.video.height == source.info.video.height)
        #expect(try Self.videoPacketHashes(out) == (try Self.videoPacketHashes(TestData.path("rotated.mp4"))))
    }
}
