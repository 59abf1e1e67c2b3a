import Foundation
import Testing
@testable import VAPrepCheck
import VAPrepTestSupport

/// One row per reason: frames/clip facts that should raise it, and the severity expected.
@Suite struct VerdictTests {
    typealias Frame = PreCheckReport.Frame
    static let t = PreCheckThresholds.standard
    static let goodClip = ClipFacts(durationSeconds: 5, fps: 30, width: 720, height: 1280)

    /// A well-framed, lit, sharp, moving face on a 360×640 analysis frame.
    static func frame(_ time: Double, faces: [FaceBox]? = nil, luma: Double = 140, sharpness: Double = 0.08,
                      motion: Double? = 2) -> Frame {
        Frame(time: time, faces: faces ?? [FaceBox(x: 120, y: 200, width: 120, height: 120)], faceLuma: luma,
              sharpness: sharpness, motion: motion, width: 360, height: 640)
    }
    static func frames(_ make: (Double) -> Frame) -> [Frame] { (0..<10).map { make(Double($0) * 0.5) } }

    static func reasons(_ frames: [Frame], clip: ClipFacts = goodClip, thresholds: PreCheckThresholds = t) -> [PreCheckReport.Reason] {
        PreCheckRules(thresholds: thresholds).reasons(frames: frames, clip: clip)
    }

    @Test func goodClipHasNoReasons() {
        #expect(Self.reasons(Self.frames { Self.frame($0) }).isEmpty)
    }

    @Test(arguments: [
        // (description, frames, clip, expected code, expected severity)
        ("no face anywhere", frames { frame($0, faces: []) }, goodClip, PreCheckReport.ReasonCode.noFace, PreCheckReport.Verdict.fail),
        ("face in 7 of 10", frames { frame($0, faces: $0 < 3.5 ? nil : []) }, goodClip, .noFace, .warn),
        ("two people", frames { frame($0, faces: [FaceBox(x: 20, y: 200, width: 120, height: 120), FaceBox(x: 200, y: 200, width: 100, height: 100)]) }, goodClip, .multipleFaces, .fail),
        ("small face behind", frames { frame($0, faces: [FaceBox(x: 120, y: 200, width: 120, height: 120), FaceBox(x: 10, y: 10, width: 40, height: 40)]) }, goodClip, .multipleFaces, .warn),
        ("tiny face", frames { frame($0, faces: [FaceBox(x: 150, y: 300, width: 55, height: 55)]) }, goodClip, .faceTooSmall, .fail),
        ("smallish face", frames { frame($0, faces: [FaceBox(x: 140, y: 280, width: 80, height: 80)]) }, goodClip, .faceTooSmall, .warn),
        ("face at the edge", frames { frame($0, faces: [FaceBox(x: 240, y: 0, width: 120, height: 120)]) }, goodClip, .faceOffCenter, .fail),
        ("face off centre", frames { frame($0, faces: [FaceBox(x: 200, y: 180, width: 120, height: 120)]) }, goodClip, .faceOffCenter, .warn),
        ("dark", frames { frame($0, luma: 30) }, goodClip, .tooDark, .fail),
        ("dim", frames { frame($0, luma: 60) }, goodClip, .tooDark, .warn),
        ("overexposed", frames { frame($0, luma: 240) }, goodClip, .tooBright, .fail),
        ("very bright", frames { frame($0, luma: 205) }, goodClip, .tooBright, .warn),
        ("half the face in shadow", frames { var f = frame($0, luma: 90); f.faceDarkFraction = 0.45; return f }, goodClip, .tooDark, .fail),
        ("half the face blown out", frames { var f = frame($0, luma: 170); f.faceBrightFraction = 0.4; return f }, goodClip, .tooBright, .fail),
        ("defocused", frames { frame($0, sharpness: 0.005) }, goodClip, .blurry, .fail),
        ("soft", frames { frame($0, sharpness: 0.025) }, goodClip, .blurry, .warn),
        ("window behind a dim face", frames { var f = frame($0, luma: 45); f.surroundLuma = 210; return f }, goodClip, .backlit, .fail),
        ("two people, one a box partly cut", frames { frame($0, faces: [FaceBox(x: 190, y: 200, width: 120, height: 120), FaceBox(x: 10, y: 210, width: 110, height: 100)]) }, goodClip, .multipleFaces, .fail),
        ("still photo", frames { frame($0, motion: PreCheckThresholds.standard.failMotion * 0.8) }, goodClip, .noMotion, .fail),
        ("very calm face", frames { frame($0, motion: (PreCheckThresholds.standard.failMotion + PreCheckThresholds.standard.warnMotion) / 2) }, goodClip, .noMotion, .warn),
        ("too short", frames { frame($0) }, ClipFacts(durationSeconds: 0.6, fps: 30, width: 720, height: 1280), .tooShort, .fail),
        ("choppy", frames { frame($0) }, ClipFacts(durationSeconds: 5, fps: 6, width: 720, height: 1280), .fpsOutOfRange, .fail),
        ("tiny video", frames { frame($0) }, ClipFacts(durationSeconds: 5, fps: 30, width: 176, height: 144), .lowResolution, .fail),
        ("small video", frames { frame($0) }, ClipFacts(durationSeconds: 5, fps: 30, width: 320, height: 480), .lowResolution, .warn),
    ] as [(String, [Frame], ClipFacts, PreCheckReport.ReasonCode, PreCheckReport.Verdict)])
    func eachReasonIsRaised(name: String, frames: [Frame], clip: ClipFacts, code: PreCheckReport.ReasonCode,
                            severity: PreCheckReport.Verdict) throws {
        let reasons = Self.reasons(frames, clip: clip)
        let reason = try #require(reasons.first { $0.code == code }, "\(name): \(reasons.map(\.code))")
        #expect(reason.severity == severity, "\(name)")
        #expect(!reason.message.isEmpty)
        // The reported value is on the wrong side of the reported limit.
        switch code {
        case .tooBright, .faceOffCenter, .tooLong: #expect(reason.value > reason.threshold, "\(name)")
        case .tooDark where reason.threshold < 1: #expect(reason.value >= reason.threshold, "\(name)")  // clipped share
        case .multipleFaces where severity == .fail: #expect(reason.value >= reason.threshold)
        case .multipleFaces: #expect(reason.value < reason.threshold)
        default: #expect(reason.value < reason.threshold, "\(name)")
        }
    }

    @Test func profileLimitsApply() throws {
        let huawei = Self.t.applying(durationRange: 1...15, fpsRange: 10...30)
        let long = Self.reasons(Self.frames { Self.frame($0) }, clip: ClipFacts(durationSeconds: 20, fps: 60, width: 720, height: 1280),
                                thresholds: huawei)
        #expect(long.map(\.code) == [.tooLong, .fpsOutOfRange])
        #expect(long.allSatisfy { $0.severity == .warn })
        #expect(try #require(long.first).threshold == 15)
    }

    @Test func aSingleStrayFalseFaceIsNotMultipleFaces() {
        var frames = Self.frames { Self.frame($0) }
        frames[3].faces.append(FaceBox(x: 120, y: 330, width: 100, height: 100))
        #expect(Self.reasons(frames).isEmpty)
    }

    @Test func aBoxInsideOrOverTheMainFaceIsNotASecondPerson() {
        let main = FaceBox(x: 120, y: 200, width: 120, height: 120)
        for extra in [FaceBox(x: 150, y: 230, width: 60, height: 60), FaceBox(x: 170, y: 210, width: 110, height: 110)] {
            #expect(Self.reasons(Self.frames { Self.frame($0, faces: [main, extra]) }).isEmpty, "\(extra)")
        }
        // Touching at a corner is still two people.
        let beside = FaceBox(x: 230, y: 310, width: 100, height: 100)
        #expect(Self.reasons(Self.frames { Self.frame($0, faces: [main, beside]) }).map(\.code) == [.multipleFaces])
    }

    @Test func aSecondFaceInTooFewFramesIsNotCounted() {
        let two = [FaceBox(x: 20, y: 200, width: 120, height: 120), FaceBox(x: 200, y: 200, width: 110, height: 110)]
        let rare = Self.frames { Self.frame($0, faces: $0 < 1 ? two : nil) }
        #expect(Self.reasons(rare).isEmpty)
        let often = Self.frames { Self.frame($0, faces: $0 < 1.5 ? two : nil) }
        #expect(Self.reasons(often).map(\.code) == [.multipleFaces])
    }

    @Test func backlightIsReportedInsteadOfTooDarkAndOnlyForADimFace() throws {
        let backlit = Self.reasons(Self.frames { var f = Self.frame($0, luma: 30); f.surroundLuma = 200; return f })
        #expect(backlit.map(\.code) == [.backlit])
        #expect(try #require(backlit.first).message.contains("window"))
        // Lit face in front of a bright window: exposed fine.
        #expect(Self.reasons(Self.frames { var f = Self.frame($0, luma: 140); f.surroundLuma = 250; return f }).isEmpty)
        // Dark face in a dark room: too dark, not backlit.
        let dark = Self.reasons(Self.frames { var f = Self.frame($0, luma: 30); f.surroundLuma = 35; return f })
        #expect(dark.map(\.code) == [.tooDark])
        // Without surroundings (face fills the frame) the face alone decides.
        #expect(Self.reasons(Self.frames { Self.frame($0, luma: 30) }).map(\.code) == [.tooDark])
    }

    @Test func motionIsNotJudgedWithTooFewPairsButTheClipIsNotCleared() throws {
        // Two still pairs: a replay's numbers, too few to judge; the face is in every frame.
        let frames = Self.frames { Self.frame($0, motion: $0 < 1 ? 0.1 : nil) }
        let reasons = Self.reasons(frames)
        #expect(!reasons.contains { $0.code == .noMotion })
        let unmeasured = try #require(reasons.first { $0.code == .motionUnmeasured })
        #expect(unmeasured.severity == .warn && unmeasured.value == 2 && unmeasured.threshold == Double(Self.t.minMotionPairs))
        #expect(PreCheckReport.Verdict.warn == reasons.map(\.severity).max())
        // Enough pairs: judged, and no such warning.
        #expect(!Self.reasons(Self.frames { Self.frame($0, motion: $0 < 1.5 ? 2 : nil) }).contains { $0.code == .motionUnmeasured })
        // A clip failed for its missing face is not also told about its motion.
        let faceless = Self.reasons(Self.frames { Self.frame($0, faces: $0 < 3.5 ? [] : nil, motion: nil) })
        #expect(faceless.map(\.code) == [.noFace])
    }

    @Test func reportJSONCarriesVerdictReasonsFramesAndDisclaimer() throws {
        let report = PreCheckReport(verdict: .fail, reasons: Self.reasons(Self.frames { Self.frame($0, luma: 20) }),
                                    frames: [Self.frame(0)], seconds: 0.1)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(json["verdict"] as? String == "fail")
        let reason = try #require((json["reasons"] as? [[String: Any]])?.first)
        #expect(reason["code"] as? String == "tooDark" && reason["threshold"] as? Double == 50 && reason["value"] as? Double == 20)
        let frame = try #require((json["frames"] as? [[String: Any]])?.first)
        #expect(Set(frame.keys).isSuperset(of: ["time", "faces", "faceLuma", "sharpness", "motion"]))
        #expect((json["note"] as? String)?.contains("not a liveness model") == true)
        #expect(try JSONDecoder().decode(PreCheckReport.self, from: JSONEncoder().encode(report)) == report)
    }

    @Test func verdictIsTheWorstSeverity() {
        #expect([PreCheckReport.Verdict.pass, .fail, .warn].max() == .fail)
        #expect([PreCheckReport.Verdict.pass, .warn].max() == .warn)
    }
}

/// The whole pipeline on real pixels: a still portrait moved rigidly is a replay; deformed, it is live.
@Suite struct PreCheckPipelineTests {
    static let image = try! TestData.image("astronaut-face-640x360.pgm")
    static let face = try! FaceDetector().detect(in: image, options: .init(minSize: 90))[0]
    static let clip = ClipFacts(durationSeconds: 4, fps: 30, width: 640, height: 360)
    static var center: (Double, Double) { (face.centerX, face.centerY) }

    static let sampling = PreCheckSampling(duration: 4, pairs: 5)

    /// The sampling's frames: each pair's first frame the still shifted by its index, the later
    /// frames `later(index)`.
    static func pairs(_ later: (Int) -> GrayImage) -> [(time: Double, image: GrayImage)] {
        let firsts = Set(sampling.pairs.map { $0[0] })
        return sampling.times.enumerated().map { i, t in
            (t, firsts.contains(i) ? Warp.rigid(image, shift: (Double(i), 0), zoom: 1, degrees: 0, center: center) : later(i))
        }
    }

    @Test func samplingPairsAFrameWithTwoLaterOnesInsideTheClip() {
        let sampling = Self.sampling
        #expect(sampling.times.count == 15 && sampling.pairs.count == 5)
        #expect(sampling.times == sampling.times.sorted())
        #expect(sampling.times.allSatisfy { $0 >= 0 && $0 < 4 })
        for pair in sampling.pairs {
            #expect(pair.count == 3)
            let gaps = pair.dropFirst().map { sampling.times[$0] - sampling.times[pair[0]] }
            #expect(zip(gaps, PreCheck.pairGaps).allSatisfy { abs($0 - $1) < 1e-9 }, "\(gaps)")
        }
        #expect(Set(sampling.pairs.joined()).count == 15)
        #expect(sampling.offset(by: 10).times == sampling.times.map { $0 + 10 })
        #expect(sampling.offset(by: 10).pairs == sampling.pairs)
    }

    @Test func interleavedPairsKeepTheirOwnFrames() {
        // 1 s, 3 pairs: a pair's later frames come after the next pair's first frame.
        let sampling = PreCheckSampling(duration: 1, pairs: 3)
        #expect(sampling.times == sampling.times.sorted())
        #expect(sampling.times[sampling.pairs[0][1]] > sampling.times[sampling.pairs[1][0]])
        for pair in sampling.pairs {
            let gaps = pair.dropFirst().map { sampling.times[$0] - sampling.times[pair[0]] }
            #expect(gaps.count == 2 && zip(gaps, PreCheck.pairGaps).allSatisfy { abs($0 - $1) < 1e-9 }, "\(gaps)")
        }
        // A later frame that would fall past the end is left out of its pair.
        let short = PreCheckSampling(duration: 0.35, pairs: 1)
        #expect(short.pairs == [[0, 1]] && short.times.allSatisfy { $0 < 0.35 })
        #expect(PreCheckSampling(duration: 0).times.isEmpty)
    }

    @Test func aRhythmLockedToOneGapIsSeenAtTheOther() throws {
        // The mouth and eyes move at 2.5 Hz: the frames 0.4 s apart show the same expression, as a
        // photo would. The frame 0.25 s after the first does not.
        let check = try PreCheck()
        let frames = Self.sampling.times.map { t in
            (time: t, image: Warp.expression(Self.image, face: Self.face, amount: 0.04 * (0.5 - 0.5 * cos(2 * .pi * t / 0.4))))
        }
        let report = check.evaluate(frames: frames, pairs: Self.sampling.pairs, clip: Self.clip)
        #expect(!report.reasons.contains { $0.code == .noMotion && $0.severity == .fail }, "\(report.reasons)")
        #expect(report.frames.compactMap(\.motion).count == 5)
        // Measured at the long gap alone, the same frames are a still.
        let longGapOnly = check.evaluate(frames: frames, pairs: Self.sampling.pairs.map { [$0[0], $0[2]] }, clip: Self.clip)
        #expect(longGapOnly.reasons.contains { $0.code == .noMotion && $0.severity == .fail }, "\(longGapOnly.reasons)")
    }

    @Test func aPairsMotionIsTheLargerOfItsTwoAndMissingFramesAreSkipped() throws {
        let check = try PreCheck()
        let frames = Self.pairs { i in Warp.expression(Self.image, face: Self.face, amount: i % 3 == 1 ? 0.04 : 0.01) }
        let both = check.evaluate(frames: frames, pairs: Self.sampling.pairs, clip: Self.clip)
        let short = check.evaluate(frames: frames, pairs: Self.sampling.pairs.map { [$0[0], $0[1]] }, clip: Self.clip)
        let long = check.evaluate(frames: frames, pairs: Self.sampling.pairs.map { [$0[0], $0[2], 99] }, clip: Self.clip)
        for (b, (s, l)) in zip(both.frames, zip(short.frames, long.frames)) where b.motion != nil {
            #expect(b.motion == max(s.motion ?? 0, l.motion ?? 0))
        }
        #expect(long.frames.compactMap(\.motion).count == 5)
        #expect(check.evaluate(frames: frames, pairs: [[99, 0]], clip: Self.clip).frames.allSatisfy { $0.motion == nil })
    }

    /// Counts the pictures it is asked about, so a test can see what was analysed.
    final class CountingDetector: FaceDetecting, @unchecked Sendable {
        let inner: any FaceDetecting
        private let lock = NSLock()
        private var count = 0
        init(_ inner: any FaceDetecting) { self.inner = inner }
        var calls: Int { lock.lock(); defer { lock.unlock() }; return count }
        func faces(in image: GrayImage, minFaceSide: Int) -> [FaceBox] {
            lock.lock(); count += 1; lock.unlock()
            return inner.faces(in: image, minFaceSide: minFaceSide)
        }
    }

    /// A pair's later frame that is also the next pair's first (the same decoded picture, as a
    /// 0.4 s step and a 0.38 s pair spacing give at 30 fps) is analysed once and reported for both.
    @Test func aPictureSharedByTwoPairsIsAnalysedOnce() throws {
        let detector = CountingDetector(try FaceDetectorChoice.cnn.makeDetector())
        let check = PreCheck(detector: detector)
        let times = [0.0, 0.25, 0.4, 0.65, 0.8]
        let frames = times.enumerated().map { i, t in
            (time: t, image: Warp.expression(Self.image, face: Self.face, amount: 0.01 * Double(i)))
        }
        // Pair 2 starts on pair 1's last frame: passed twice, as the sampling's taps deliver it.
        let shared = frames + [frames[2]]
        let report = check.evaluate(frames: shared, pairs: [[0, 1, 2], [5, 3, 4]], clip: Self.clip)
        #expect(detector.calls == 5)
        #expect(report.frames.count == 6)
        #expect(report.frames.filter { $0.time == 0.4 }.count == 2)
        #expect(report.frames.compactMap(\.motion).count == 2)
        // A different picture at the same time is a different frame.
        let other = frames + [(time: 0.4, image: Self.image)]
        _ = check.evaluate(frames: other, pairs: [[0, 1, 2], [5, 3, 4]], clip: Self.clip)
        #expect(detector.calls == 5 + 6)
    }

    @Test func rigidlyMovedStillIsNoMotion() throws {
        let check = try PreCheck()
        let frames = Self.pairs { i in Warp.rigid(Self.image, shift: (Double(i) + 2.5, -1.5), zoom: 1.03, degrees: 1, center: Self.center) }
        let report = check.evaluate(frames: frames, pairs: Self.sampling.pairs, clip: Self.clip)
        #expect(report.frames.filter { !$0.faces.isEmpty }.count == 15)
        #expect(report.reasons.map(\.code) == [.noMotion])
        #expect(report.verdict == .fail)
    }

    @Test func deformingFacePasses() throws {
        let check = try PreCheck()
        let frames = Self.pairs { i in Warp.expression(Warp.rigid(Self.image, shift: (Double(i), 0), zoom: 1, degrees: 0, center: Self.center),
                                                      face: Self.face, amount: 0.04) }
        let report = check.evaluate(frames: frames, pairs: Self.sampling.pairs, clip: Self.clip)
        #expect(report.verdict == .pass, "\(report.reasons)")
        #expect(report.frames.compactMap(\.motion).count >= 5)
    }

    @Test func blackFramesHaveNoFace() throws {
        let black = GrayImage(width: 640, height: 360, fill: 0)
        let report = try PreCheck().evaluate(frames: [(0, black), (0.4, black), (1, black)], clip: Self.clip)
        #expect(report.verdict == .fail && report.reasons.first?.code == .noFace)
    }
}

@Suite struct FaceWindowTests {
    static func frame(_ time: Double, face: Bool, luma: Double = 140) -> PreCheckReport.Frame {
        .init(time: time, faces: face ? [FaceBox(x: 120, y: 200, width: 120, height: 120)] : [], faceLuma: face ? luma : nil,
              sharpness: face ? 0.08 : nil, motion: nil, width: 360, height: 640)
    }

    @Test func tiesKeepTheStart() {
        let frames = (0..<20).map { Self.frame(Double($0) * 0.5, face: true) }
        #expect(FaceWindow.bestStart(frames: frames, windowDuration: 5, clipDuration: 10) == 0)
        #expect(FaceWindow.bestStart(frames: [], windowDuration: 5, clipDuration: 10) == 0)
    }

    @Test func skipsAFacelessBeginning() {
        let frames = (0..<20).map { Self.frame(Double($0) * 0.5, face: $0 >= 8) }
        #expect(FaceWindow.bestStart(frames: frames, windowDuration: 5, clipDuration: 10) == 4)
    }

    @Test func prefersLitFramesAndStaysInsideTheClip() {
        let frames = (0..<20).map { Self.frame(Double($0) * 0.5, face: true, luma: $0 < 12 ? 30 : 140) }
        let start = FaceWindow.bestStart(frames: frames, windowDuration: 5, clipDuration: 10)
        #expect(start == 5)
        #expect(FaceWindow.score(frames[0]) < FaceWindow.score(frames[15]))
        #expect(FaceWindow.score(Self.frame(0, face: false)) == 0)
    }
}
