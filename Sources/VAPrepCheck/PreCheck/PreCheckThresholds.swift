/// Every limit the pre-check judges a clip by, in one place.
///
/// The values of ``standard`` come from the measurements quoted on each property (test clips from
/// `testdata/make-testdata.sh`, frames of `Megamind.avi`, and synthetic warps of a portrait) and are
/// set for the general case — a phone selfie video at any resolution — with the margins explained.
/// A vendor profile narrows the clip limits (`durationRange`, `fpsRange`) through ``applying(durationRange:fpsRange:)``.
public struct PreCheckThresholds: Sendable, Codable, Equatable {
    /// Clip shorter than this fails `tooShort`: fewer than ~3 motion pairs can be measured, and the
    /// vendors ask for ≥ 1 s (Huawei 1–15 s, Baidu 5–15 s).
    public var minDuration: Double = 1.0
    /// Clip longer than this warns `tooLong` (preparation cuts a window, so it is not a failure). nil: no limit.
    public var maxDuration: Double? = nil
    /// Average fps below this fails `fpsOutOfRange` (frames cannot be invented; Huawei asks ≥ 10).
    public var minFps: Double = 10
    /// Above this warns `fpsOutOfRange` (preparation drops frames to fit). nil: no limit.
    public var maxFps: Double? = nil
    /// Displayed short side below this fails `lowResolution`: a 240p face is ~40 px, too few for a vendor's model.
    public var failShortSide: Int = 240
    /// …and below this warns.
    public var warnShortSide: Int = 360

    /// Faces narrower than this fraction of the frame's short side are not searched for (they count as
    /// no face). 0.15 of a 360 px analysis frame is 54 px, just above the LBP cascade's 45 px window:
    /// scanning from 45 px would cost twice the time for faces that fail ``failFaceFraction`` anyway.
    public var detectMinFaceFraction: Double = 0.15
    /// Main face narrower than this fraction of the short side fails `faceTooSmall`. A selfie at arm's
    /// length fills 30–60% (the test portrait clips ≈ 33%); Megamind.avi's film faces 16–39%.
    public var failFaceFraction: Double = 0.18
    /// …and below this warns.
    public var warnFaceFraction: Double = 0.25
    /// Face centre farther from the frame centre than this fraction of the frame size (per axis) warns
    /// `faceOffCenter`; beyond ``failCenterOffset`` the face is at the border and likely cut.
    public var warnCenterOffset: Double = 0.2
    public var failCenterOffset: Double = 0.35
    /// Share of sampled frames that must show a face; below fails `noFace`, below ``warnPresence`` warns.
    public var failPresence: Double = 0.5
    public var warnPresence: Double = 0.8
    /// A second face at least this fraction of the main face's width fails `multipleFaces` (two people:
    /// the vendor may pick the wrong one); a smaller one (background poster, passer-by) only warns.
    public var failSecondFaceRatio: Double = 0.6
    /// Share of the frames with a face that must also show a second face (not a duplicate box on
    /// the main one) before `multipleFaces` is raised: one false hit in eighteen frames is not a person.
    public var secondFacePresence: Double = 0.3

    /// Median face luma below fails `tooDark`. Lit faces in Megamind.avi sit at 91–111, well-lit
    /// selfies at 100–170; vendor models start failing on faces darker than ~50.
    public var failDarkLuma: Double = 50
    public var warnDarkLuma: Double = 70
    /// Median face luma above fails `tooBright` (washed-out skin loses the texture liveness models use).
    public var failBrightLuma: Double = 215
    public var warnBrightLuma: Double = 195
    /// Fraction of the face clipped to black (≤ 16) or white (≥ 235) that fails `tooDark` / `tooBright`.
    public var failClippedFraction: Double = 0.3
    /// Median face luma over the luma of the band around it below this fails `backlit` (while the
    /// face itself is dimmer than ``backlitMaxFaceLuma``). Calibration corpus (docs/calibration.md):
    /// faces in front of a blown-out background 0.46–0.57, every other clip (lit, side light, low
    /// light, HDR, two people) 1.15–1.76.
    public var failBacklitRatio: Double = 0.6
    /// A face at least this bright is exposed well enough whatever is behind it: not `backlit`
    /// (the corpus's backlit faces sit at luma 55–58).
    public var backlitMaxFaceLuma: Double = 110

    /// Median face sharpness (Laplacian variance / pixel variance) below fails `blurry`. Measured at
    /// analysis size: sharp faces 0.07–0.13 (live/replay/rotated test clips, astronaut), film faces
    /// 0.15–0.69 (Megamind.avi), defocused test clip (gblur σ 6 at 720p) 0.010–0.013, Gaussian blur
    /// σ = 2 ≈ 0.005. The limit leaves a ×3 margin below sharp faces and ×1.5 above the defocused clip.
    public var failSharpness: Double = 0.02
    public var warnSharpness: Double = 0.03

    /// Median non-rigid face motion (pixels per 100 px of face, what a homography leaves over,
    /// above the match noise and the step's common residual; see ``NonRigidMotion``; each pair the
    /// larger of its two gaps, see ``PreCheckSampling``) below fails `noMotion` (possible photo or
    /// still replay). Calibration corpus (docs/calibration.md), CNN detector, 12 pairs, rendered at
    /// 15 fps / 3 s and at 30 fps / 5 s,
    /// `python3 scripts/calibration/evaluate.py /tmp/calib-corpus --vaprep .build/debug/vaprep`:
    /// every replay — shake, 20° tilts, slow zoom, completely still, HDR, noisy prints, moiré
    /// screens — 0.00–0.078; live faces 0.24–1.8 (0.24–0.43 for people keeping still). The limit
    /// sits 1.3× above the largest replay and 2.4× below the calmest live face: a replay that
    /// slips through costs one vendor call the vendor's own check fails, a live person failed
    /// here is turned away, so the limit leans towards the replays.
    public var failMotion: Double = 0.1
    /// …and below this warns: a real person who keeps very still for the whole clip lands here
    /// (0.24–0.43 on the corpus), so the band between is a warning, not a failure.
    public var warnMotion: Double = 0.4
    /// Fewer measurable motion pairs than this: motion is not judged, and a clip whose face is
    /// present says so with a `motionUnmeasured` warning (never a fail).
    public var minMotionPairs: Int = 3

    public init() {}

    /// The limits used unless a caller or profile says otherwise.
    public static let standard = PreCheckThresholds()

    /// These thresholds with a vendor's clip limits: shorter than the range fails, longer warns.
    public func applying(durationRange: ClosedRange<Double>?, fpsRange: ClosedRange<Double>?) -> PreCheckThresholds {
        var t = self
        if let d = durationRange { t.minDuration = max(t.minDuration, d.lowerBound); t.maxDuration = d.upperBound }
        if let f = fpsRange { t.minFps = f.lowerBound; t.maxFps = f.upperBound }
        return t
    }
}
