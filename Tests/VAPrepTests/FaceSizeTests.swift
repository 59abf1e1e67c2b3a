import Foundation
import Testing
import VAPrepMedia
@testable import VAPrep
import VAPrepTestSupport

/// The face-aware output size: a large face shrinks the picture down to the face width that
/// keeps its detail, never below the pre-check's low-resolution warning or ``Plan/minimumSide``,
/// and the switches that turn it off give the plan's size back.
@Suite("Face-aware output size")
struct FaceSizeTests {
    static let portrait = OutputSize(width: 720, height: 1280)
    static let n = Double(FaceSize.minimumFaceWidth)

    @Test("a large face: the picture shrinks until the face is the minimum width, aspect kept")
    func largeFaceShrinks() {
        let size = FaceSize.size(planned: Self.portrait, faceWidth: 0.44, minimumShortSide: 360)
        #expect(size.width < Self.portrait.width && size.height < Self.portrait.height)
        #expect(Double(size.width) * 0.44 >= Self.n - 2)           // even rounding: at most 2 px under
        #expect(Double(size.width) * 0.44 < Self.n + 4)
        #expect(size.width % 2 == 0 && size.height % 2 == 0)
        #expect(abs(Double(size.height) / Double(size.width) - 1280.0 / 720) < 0.01)
    }

    @Test("a small face, or one just over the minimum: the plan's size")
    func smallFaceKeepsSize() {
        #expect(FaceSize.size(planned: Self.portrait, faceWidth: Self.n / 720 * 0.8, minimumShortSide: 360) == Self.portrait)
        // Under a tenth smaller is not worth another output.
        #expect(FaceSize.size(planned: Self.portrait, faceWidth: Self.n / 720 * 1.05, minimumShortSide: 360) == Self.portrait)
    }

    @Test("a face filling the picture: the short side stops at the pre-check's warning, the long side at Plan.minimumSide")
    func floors() {
        #expect(FaceSize.size(planned: Self.portrait, faceWidth: 0.95, minimumShortSide: 360) == OutputSize(width: 360, height: 640))
        // Already at the warning's short side: nothing to take.
        let small = OutputSize(width: 360, height: 640)
        #expect(FaceSize.size(planned: small, faceWidth: 0.95, minimumShortSide: 360) == small)
        // An odd aspect whose even rounding lands under the floor is stepped back up.
        let odd = FaceSize.size(planned: OutputSize(width: 722, height: 1282), faceWidth: 0.95, minimumShortSide: 361)
        #expect(odd.width >= 361)
        // A profile with a lower warning still never goes under the plan's smallest long side.
        let landscape = FaceSize.size(planned: OutputSize(width: 1280, height: 720), faceWidth: 0.99, minimumShortSide: 10)
        #expect(landscape.width >= Plan.minimumSide && landscape.width <= Plan.minimumSide + 2)
    }

    @Test("a box that is no width: the plan's size", arguments: [0, -0.3, 1.5, Double.nan, .infinity])
    func nonsenseBox(width: Double) {
        #expect(FaceSize.size(planned: Self.portrait, faceWidth: width, minimumShortSide: 360) == Self.portrait)
    }

    @Test("the background: near-flat for a face under a quarter of the width, the standard offsets otherwise")
    func backgroundByFaceSize() {
        #expect(FaceWeighting.Offsets.forFace(width: 0.18) == .smallFace)
        #expect(FaceWeighting.Offsets.forFace(width: 0.44) == .standard)
        #expect(FaceWeighting.Offsets.smallFace.background > FaceWeighting.Offsets.standard.background)
        #expect(FaceWeighting.Offsets.smallFace.face == FaceWeighting.Offsets.standard.face)
    }

    /// `live.mp4` (the live face, 720×1280, the face ~0.44 of the width) is compliant H.264;
    /// a profile that takes only HEVC makes it a transcode.
    static let live = TestData.path("live.mp4")
    static let hevcOnly = Profile(name: "hevc-only", videoCodecs: ["hevc"])

    @Test("real encode: a large face gives a smaller output, within the profile's limits, recorded in the plan")
    func encodeShrinks() async throws {
        let clip = try await Preparer.prepare(path: Self.live, profile: Self.hevcOnly)
        let settings = try #require(clip.plan.transcode)
        let sizing = try #require(settings.faceWeighting?.sizing)
        #expect(sizing.plannedWidth == 720 && sizing.plannedHeight == 1280)
        #expect(settings.faceWeighting?.offsets == .standard)   // a large face
        #expect(settings.outputWidth < 720 && settings.outputHeight < 1280)
        #expect(min(settings.outputWidth, settings.outputHeight) >= Plan.preCheckThresholds(for: Self.hevcOnly).warnShortSide)
        #expect(sizing.faceWidth >= FaceSize.minimumFaceWidth - 2)
        #expect(clip.output.video.displayWidth == settings.outputWidth)
        #expect(clip.output.video.displayHeight == settings.outputHeight)
        #expect(clip.attempts.last?.faceWeightedFrames ?? 0 > 0)

        // faceSizing off: the same weighting at the plan's size.
        var unsized = Self.hevcOnly
        unsized.faceSizing = false
        let full = try await Preparer.prepare(path: Self.live, profile: unsized)
        #expect(full.plan.transcode?.faceWeighting != nil && full.plan.transcode?.faceWeighting?.sizing == nil)
        #expect(full.output.video.displayWidth == 720 && full.output.video.displayHeight == 1280)
        #expect(clip.mp4.count < full.mp4.count)

        // faceWeighting off: today's plain picture at the plan's size, whatever faceSizing says.
        var plain = Self.hevcOnly
        plain.faceWeighting = false
        let today = try await Preparer.prepare(path: Self.live, profile: plain)
        #expect(today.plan.transcode?.faceWeighting == nil)
        #expect(today.attempts.last?.faceWeightedFrames == 0)
        #expect(today.output.video.displayWidth == 720 && today.output.video.displayHeight == 1280)
    }

    @Test("profile JSON: faceSizing defaults to true, false turns it off, a wrong type is refused")
    func profileKey() throws {
        let decode = { (json: String) in try JSONDecoder().decode(Profile.self, from: Data(json.utf8)) }
        #expect(try decode(#"{"name": "a"}"#).faceSizing)
        #expect(try !decode(#"{"name": "a", "faceSizing": false}"#).faceSizing)
        #expect(throws: DecodingError.self) { try decode(#"{"name": "a", "faceSizing": 1}"#) }
    }
}
