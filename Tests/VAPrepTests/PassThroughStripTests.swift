import Foundation
import Testing
import VAPrep
import VAPrepMedia
import VAPrepTestSupport

/// The pass-through branch of `Preparer`: a compliant clip is sent as its video stream only,
/// remuxed without metadata, unless the profile keeps the metadata.
@Suite("Preparer: pass-through strips metadata unless the profile keeps it")
struct PassThroughStripTests {
    let fixtures = PrepareFixtures.shared

    @Test("by default the pass-through payload is a stream-copy remux: smaller, no tags, within budget, described by its own probe")
    func stripsByDefault() async throws {
        let path = try await fixtures.clip(.compliant)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let clip = try await Preparer.prepare(path: path)
        #expect(clip.passThrough)
        #expect(clip.attempts.isEmpty)
        #expect(clip.mp4 != original)
        // The fixture's encoder tag ("Lavf…") is in the original, not in what is sent.
        #expect(String(decoding: original, as: UTF8.self).contains("Lavf"))
        #expect(!String(decoding: clip.mp4, as: UTF8.self).contains("Lavf"))
        #expect(clip.mp4Bytes == clip.mp4.count && clip.mp4.count < original.count)
        #expect(clip.payloadBytes <= clip.budgetBytes ?? .max)
        #expect(clip.output.sizeBytes == Int64(clip.mp4.count))
        #expect(clip.output.audio.isEmpty && clip.output.creationTime == nil)
        // The description matches a real probe of the bytes sent.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-strip-\(UUID().uuidString).mp4")
        try Data(clip.mp4).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let probed = try await MediaProbe.probe(path: folder.path)
        #expect(probed.video.codec == clip.output.video.codec)
        #expect(probed.video.width == clip.output.video.width && probed.video.height == clip.output.video.height)
        #expect(abs(probed.durationSeconds - clip.output.durationSeconds) < 0.05)
        #expect(probed.audio.isEmpty)
    }

    @Test("keepMetadata in a profile file keeps the original bytes")
    func profileFieldKeeps() async throws {
        let profile = try JSONDecoder().decode(Profile.self, from: Data(#"{"name": "keep", "maxValueBytes": 10000000, "keepMetadata": true}"#.utf8))
        #expect(profile.keepMetadata)
        #expect(try JSONDecoder().decode(Profile.self, from: Data(#"{"name": "strip"}"#.utf8)).keepMetadata == false)
        let path = try await fixtures.clip(.compliant)
        let clip = try await Preparer.prepare(path: path, profile: profile)
        #expect(clip.passThrough)
        #expect(clip.mp4 == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
