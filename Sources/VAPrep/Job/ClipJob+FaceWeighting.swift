import VAPrepCheck
import VAPrepMedia

extension ClipJob {
    /// Step 4b: the plan's transcode with ``FaceWeighting`` when the profile wants it and a
    /// face is found in the window; otherwise the plan unchanged (the same encode as with
    /// `faceWeighting: false`). Every encode attempt, and `--json`'s plan, carries the choice.
    func faceWeighted(_ plan: Plan, source: MediaSource, search: WindowSearch?, check: PreCheck?) async throws -> Plan {
        guard steps.contains(.encode), profile.faceWeighting, let detector = check,
              var settings = plan.transcode else { return plan }
        let known = search?.samples(from: plan.windowStart, seconds: plan.windowDuration) ?? []
        guard let track = try await WindowFaceTrack.make(
            source: source, start: plan.windowStart, duration: plan.windowDuration, known: known, check: detector)
        else { return plan }
        settings.faceWeighting = FaceWeighting(track: track)
        var weighted = plan
        weighted.transcode = settings
        return weighted
    }
}
