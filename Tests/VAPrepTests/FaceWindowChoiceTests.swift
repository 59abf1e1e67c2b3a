import Foundation
import Testing
import VAPrep
import VAPrepCheck
import VAPrepMedia
import VAPrepTestSupport

/// The face-aware window: preparation cuts the window where the face is, not blindly at t=0.
@Suite("Face-aware window choice")
struct FaceWindowChoiceTests {
    @Test("a clip whose face appears late gets a window that starts where the face is")
    func lateFace() async throws {
        let path = try await PrepareFixtures.shared.clip(.faceLate)
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
        let result = try await ClipJob(path: TestData.path("live.mp4"), steps: [.searchWindow]).run()
        #expect(result.search == nil)
        #expect(result.plan.windowStart == 0)
    }
}
