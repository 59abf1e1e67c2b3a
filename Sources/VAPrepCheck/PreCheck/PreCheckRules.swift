/// Turns per-frame measurements and clip facts into reasons, each with its value and limit.
struct PreCheckRules {
    let thresholds: PreCheckThresholds
    typealias Reason = PreCheckReport.Reason

    func reasons(frames: [PreCheckReport.Frame], clip: ClipFacts) -> [Reason] {
        let t = thresholds
        var out: [Reason] = []
        func add(_ code: PreCheckReport.ReasonCode, _ severity: PreCheckReport.Verdict, _ value: Double, _ limit: Double, _ message: String) {
            out.append(Reason(code: code, severity: severity, value: value, threshold: limit, message: message))
        }

        // Clip facts: what the vendor checks before it looks at a face.
        if clip.durationSeconds < t.minDuration {
            add(.tooShort, .fail, clip.durationSeconds, t.minDuration, "the clip is shorter than the minimum duration")
        }
        if let maxDuration = t.maxDuration, clip.durationSeconds > maxDuration {
            add(.tooLong, .warn, clip.durationSeconds, maxDuration, "the clip is longer than the vendor accepts; a window will be cut")
        }
        if clip.fps < t.minFps {
            add(.fpsOutOfRange, .fail, clip.fps, t.minFps, "the frame rate is below what the vendor accepts")
        } else if let maxFps = t.maxFps, clip.fps > maxFps {
            add(.fpsOutOfRange, .warn, clip.fps, maxFps, "the frame rate is above the vendor's limit; frames will be dropped")
        }
        let shortSide = Double(min(clip.width, clip.height))
        if shortSide < Double(t.failShortSide) {
            add(.lowResolution, .fail, shortSide, Double(t.failShortSide), "the picture is too small for face analysis")
        } else if shortSide < Double(t.warnShortSide) {
            add(.lowResolution, .warn, shortSide, Double(t.warnShortSide), "the picture is small; face detail may be insufficient")
        }

        guard !frames.isEmpty else {
            add(.noFace, .fail, 0, t.failPresence, "no frames could be analysed")
            return out
        }
        let withFace = frames.filter { !$0.faces.isEmpty }
        let presence = Double(withFace.count) / Double(frames.count)
        if presence < t.failPresence {
            add(.noFace, .fail, presence, t.failPresence, "no face in most sampled frames")
        } else if presence < t.warnPresence {
            add(.noFace, .warn, presence, t.warnPresence, "the face is missing from some sampled frames")
        }
        guard !withFace.isEmpty else { return out }

        // Face geometry, on the main (largest) face of each frame.
        let sizes = withFace.map { Double($0.faces[0].width) / Double(min($0.width, $0.height)) }
        let size = median(sizes)
        if size < t.failFaceFraction {
            add(.faceTooSmall, .fail, size, t.failFaceFraction, "the face is too small; hold the phone closer")
        } else if size < t.warnFaceFraction {
            add(.faceTooSmall, .warn, size, t.warnFaceFraction, "the face is small; hold the phone closer")
        }
        let offsets = withFace.map { f -> Double in
            let b = f.faces[0]
            return max(abs(b.centerX / Double(f.width) - 0.5), abs(b.centerY / Double(f.height) - 0.5))
        }
        let offset = median(offsets)
        if offset > t.failCenterOffset {
            add(.faceOffCenter, .fail, offset, t.failCenterOffset, "the face is at the edge of the picture")
        } else if offset > t.warnCenterOffset {
            add(.faceOffCenter, .warn, offset, t.warnCenterOffset, "the face is off centre")
        }
        // A second person: the largest other face that is not a duplicate box on the main face,
        // judged only when it shows up in a good share of frames, not in one false hit.
        let secondRatios = withFace.compactMap { f -> Double? in
            let main = f.faces[0]
            let others = f.faces.dropFirst().filter { !Self.sameFace(main, $0) }
            guard let second = others.max(by: { $0.area < $1.area }) else { return nil }
            return Double(second.width) / Double(main.width)
        }
        let secondShare = Double(secondRatios.count) / Double(withFace.count)
        if !secondRatios.isEmpty, secondShare >= t.secondFacePresence {
            let ratio = median(secondRatios)
            if ratio >= t.failSecondFaceRatio {
                add(.multipleFaces, .fail, ratio, t.failSecondFaceRatio, "more than one person is in the picture")
            } else {
                add(.multipleFaces, .warn, ratio, t.failSecondFaceRatio, "a smaller second face is in the background")
            }
        }

        // Exposure of the face, and of the face against what surrounds it.
        let luma = median(withFace.compactMap(\.faceLuma))
        // A face can average a normal luma while half of it is crushed or blown (hard side light,
        // a window behind): clipped skin has no texture either way.
        let dark = median(withFace.compactMap(\.faceDarkFraction))
        let bright = median(withFace.compactMap(\.faceBrightFraction))
        let contrasts = withFace.compactMap { f -> Double? in
            guard let face = f.faceLuma, let around = f.surroundLuma else { return nil }
            return face / max(1, around)
        }
        // A dim face in front of a bright window: the camera exposed for the window. Said as
        // `backlit` (turn away from the window), not as `tooDark` (add light), which would not help.
        let backlit = !contrasts.isEmpty && median(contrasts) < t.failBacklitRatio && luma < t.backlitMaxFaceLuma
        if backlit {
            add(.backlit, .fail, median(contrasts), t.failBacklitRatio,
                "the face is much darker than the background; turn away from the window or bright light")
        } else if luma < t.failDarkLuma {
            add(.tooDark, .fail, luma, t.failDarkLuma, "the face is too dark; add light in front of the face")
        } else if dark >= t.failClippedFraction {
            add(.tooDark, .fail, dark, t.failClippedFraction, "much of the face is crushed to black; light the face evenly")
        } else if luma < t.warnDarkLuma {
            add(.tooDark, .warn, luma, t.warnDarkLuma, "the face is dim")
        }
        if luma > t.failBrightLuma {
            add(.tooBright, .fail, luma, t.failBrightLuma, "the face is overexposed")
        } else if bright >= t.failClippedFraction {
            add(.tooBright, .fail, bright, t.failClippedFraction, "much of the face is blown to white; avoid direct light on the face")
        } else if luma > t.warnBrightLuma {
            add(.tooBright, .warn, luma, t.warnBrightLuma, "the face is very bright")
        }
        let sharpness = median(withFace.compactMap(\.sharpness))
        if sharpness < t.failSharpness {
            add(.blurry, .fail, sharpness, t.failSharpness, "the face is out of focus or motion-blurred")
        } else if sharpness < t.warnSharpness {
            add(.blurry, .warn, sharpness, t.warnSharpness, "the face is soft")
        }

        // Motion: only judged with enough pairs, so a short or face-less sample cannot fake a replay.
        // Without them the clip is not cleared either: a face the detector keeps losing says so,
        // unless the missing face has failed it already.
        let motions = frames.compactMap(\.motion)
        if motions.count >= t.minMotionPairs {
            let motion = median(motions)
            if motion < t.failMotion {
                add(.noMotion, .fail, motion, t.failMotion, "the face moves only as a whole: possibly a photo or a replayed video")
            } else if motion < t.warnMotion {
                add(.noMotion, .warn, motion, t.warnMotion, "the face barely moves; blink or speak during the recording")
            }
        } else if presence >= t.failPresence {
            add(.motionUnmeasured, .warn, Double(motions.count), Double(t.minMotionPairs),
                "too few frame pairs show the face to judge whether it moves; keep the face in view for the whole recording")
        }
        return out
    }

    /// Whether `other` is a second box on the same face (inside or overlapping `main` by more than
    /// a fifth of the smaller box), as detectors give for a face half-turned or at two scales.
    static func sameFace(_ main: FaceBox, _ other: FaceBox) -> Bool {
        let w = min(main.x + main.width, other.x + other.width) - max(main.x, other.x)
        let h = min(main.y + main.height, other.y + other.height) - max(main.y, other.y)
        guard w > 0, h > 0 else { return false }
        return Double(w * h) > 0.2 * Double(min(main.area, other.area))
    }

    private func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
