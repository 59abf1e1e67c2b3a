import VAPrepCheck
import VAPrepMedia

extension ClipJob {
    /// Step 4b: the plan's transcode with ``FaceWeighting`` when the profile wants it and a
    /// face is found in the window, at the size the face decides (``FaceSize``); otherwise the
    /// plan unchanged (the same encode as with `faceWeighting: false`). Every encode attempt,
    /// and `--json`'s plan, carries the choice.
    func faceWeighted(_ plan: Plan, source: MediaSource, search: WindowSearch?, check: PreCheck?) async throws -> Plan {
        guard steps.contains(.encode), profile.faceWeighting, let detector = check,
              var settings = plan.transcode else { return plan }
        let known = search?.samples(from: plan.windowStart, seconds: plan.windowDuration) ?? []
        guard let track = try await WindowFaceTrack.make(
            source: source, start: plan.windowStart, duration: plan.windowDuration, known: known, check: detector)
        else { return plan }
        let narrowest = track.samples.compactMap(\.box?.width).min() ?? 0
        var weighting = FaceWeighting(track: track, offsets: .forFace(width: narrowest))
        let planned = OutputSize(width: settings.outputWidth, height: settings.outputHeight)
        if profile.faceSizing {
            // The short side the pre-check that judges this job would warn under.
            let minimumShortSide = detector.thresholds.warnShortSide
            let size = FaceSize.size(planned: planned, faceWidth: narrowest, minimumShortSide: minimumShortSide)
            (settings.outputWidth, settings.outputHeight) = (size.width, size.height)
            weighting.sizing = FaceWeighting.Sizing(
                plannedWidth: planned.width, plannedHeight: planned.height,
                faceWidth: Int((narrowest * Double(size.width)).rounded()),
                minimumFaceWidth: FaceSize.minimumFaceWidth, minimumShortSide: minimumShortSide)
        }
        settings.faceWeighting = weighting
        var weighted = plan
        weighted.transcode = settings
        return weighted
    }
}
