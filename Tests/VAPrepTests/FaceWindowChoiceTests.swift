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
        // Face-less for about 4 s, then the 5 s live clip: the best 5 s window starts late.
        let path = try await PrepareFixtures.shared.clip(.faceLate)
        let source = try await MediaProbe.probe(path: path)
        #expect(source.durationSeconds > 7.5)
        let start = try #require(try await ClipReport.bestWindowStart(
            path: path, source: source, windowDuration: 5, check: PreCheck()))
        #expect(start >= 2.0 && start <= source.durationSeconds - 5 + 0.01, "window start \(start)")

        let report = try await ClipReport.make(path: path)
        #expect(report.prepared.plan.windowStart >= 2.0)
        #expect(report.preCheck.verdict != .fail, "reasons: \(report.preCheck.reasons.map(\.code))")
        // The pre-check's frames came from the window's one decode, not from the face-less start.
        #expect(report.preCheck.frames.allSatisfy { $0.time >= report.prepared.plan.windowStart - 0.05 })
    }

    @Test("a clip no longer than the window has no window to choose")
    func shortClip() async throws {
        let path = TestData.path("live.mp4")
        let source = try await MediaProbe.probe(path: path)
        #expect(try await ClipReport.bestWindowStart(path: path, source: source, windowDuration: 5, check: PreCheck()) == nil)
    }
}
