import Foundation
import Testing
import VAPrep
import VAPrepCheck
import VAPrepMedia

/// The face-aware window: preparation cuts the window where the face is, not blindly at t=0.
@Suite("Face-aware window choice")
struct FaceWindowChoiceTests {
    /// 3 s with no face followed by the 5 s live clip: the best 5 s window starts near 3 s.
    static func faceLateClip() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-facewindow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("face-late.mp4").path
        try PrepareFixtures.ffmpeg([
            "-v", "error", "-y", "-i", CLIRunner.testdata("noface.mp4"), "-i", CLIRunner.testdata("black.mp4"),
            "-i", CLIRunner.testdata("live.mp4"),
            "-filter_complex",
            "[0:v]scale=720:1280,setsar=1,fps=30[a];[1:v]scale=720:1280,setsar=1,fps=30,trim=0:1[b];[2:v]setsar=1,fps=30[c];[a][b][c]concat=n=3:v=1[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", out,
        ])
        return out
    }

    @Test("a clip whose face appears late gets a window that starts where the face is")
    func lateFace() async throws {
        let path = try Self.faceLateClip()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let searched = try await ClipJob(path: path, steps: [.searchWindow]).run()
        #expect(searched.source.durationSeconds > 7.5)
        let start = try #require(searched.search?.start)
        #expect(start >= 2.0 && start <= searched.source.durationSeconds - 5 + 0.01, "window start \(start)")
        #expect(searched.plan.windowStart == start)

        let report = try await ClipReport.make(path: path)
        #expect(report.prepared.plan.windowStart >= 2.0)
        #expect(report.preCheck.verdict != .fail, "reasons: \(report.preCheck.reasons.map(\.code))")
        // The pre-check's frames came from the window's one decode, not from the face-less start.
        #expect(report.preCheck.frames.allSatisfy { $0.time >= report.prepared.plan.windowStart - 0.05 })
    }

    @Test("a clip no longer than the window has no window to choose")
    func shortClip() async throws {
        let result = try await ClipJob(path: CLIRunner.testdata("live.mp4"), steps: [.searchWindow]).run()
        #expect(result.search == nil)
        #expect(result.plan.windowStart == 0)
    }

    @Test("vaprep prepare without --start moves the window to the face")
    func prepareCommand() throws {
        let path = try Self.faceLateClip()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let result = try CLIRunner.run(["prepare", path, "--json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plan = try #require(object["plan"] as? [String: Any])
        #expect((plan["windowStart"] as? Double ?? 0) >= 2.0)
    }
}
