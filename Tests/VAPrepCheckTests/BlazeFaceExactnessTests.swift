import Testing
@testable import VAPrepCheck

/// The CNN must answer what mediapipe answers on the same pixels: the same faces, boxes and
/// keypoints within 1 px, scores within 0.01 — with every kernel family this CPU can run.
@Suite(.serialized) struct BlazeFaceExactnessTests {
    static let reference = try! MediapipeReference.load()

    static func ours(_ frame: MediapipeReference.Frame) throws -> [FaceBox] {
        if frame.file.hasSuffix(".ppm") {
            let image = try RGBTestImage(ppmAt: TestData.path(frame.file))
            return BlazeFaceDetector().detect(rgb: image.rgb, width: image.width, height: image.height)
        }
        return BlazeFaceDetector().detect(in: try TestData.image(frame.file))
    }

    @Test(arguments: FaceNetKernel.allCases)
    func facesEqualMediapipeWithin1px(kernel: FaceNetKernel) throws {
        guard kernel.isSupported else { return }
        FaceNetKernel.use(kernel)
        defer { FaceNetKernel.use(nil) }
        var compared = 0
        var worstBox = 0.0, worstPoint = 0.0, worstScore = 0.0
        for frame in Self.reference.frames {
            let w = Double(frame.width), h = Double(frame.height)
            let found = try Self.ours(frame).sorted { $0.score! > $1.score! }
            let expected = frame.detections.sorted { $0.score > $1.score }
            #expect(found.count == expected.count, "\(frame.file): \(found.count) faces, mediapipe \(expected.count)")
            for (face, want) in zip(found, expected) {
                let box = [want.box[0] * w, want.box[1] * h, want.box[2] * w, want.box[3] * h]
                let ours = [face.x, face.y, face.width, face.height].map(Double.init)
                for (a, b) in zip(ours, box) {
                    #expect(abs(a - b) <= 1, "\(frame.file) box \(ours) vs \(box)")
                    worstBox = max(worstBox, abs(a - b))
                }
                let points = try #require(face.landmarks).points
                for (p, q) in zip(points, want.keypoints) {
                    #expect(abs(p.x - q[0] * w) <= 1 && abs(p.y - q[1] * h) <= 1, "\(frame.file) keypoint \(p) vs \(q[0] * w), \(q[1] * h)")
                    worstPoint = max(worstPoint, abs(p.x - q[0] * w), abs(p.y - q[1] * h))
                }
                #expect(abs(face.score! - want.score) <= 0.01, "\(frame.file) score \(face.score!) vs \(want.score)")
                worstScore = max(worstScore, abs(face.score! - want.score))
                compared += 1
            }
        }
        #expect(compared >= 8, "the reference must hold enough faces to mean something")
        print("BlazeFace vs mediapipe (\(kernel)): \(compared) faces; worst box edge \(worstBox) px (rounded box vs exact), keypoint \(worstPoint) px, score \(worstScore)")
    }

    /// The keypoints are named from the subject's side: on an unmirrored frontal face the right eye
    /// is on the left of the picture, and the eyes sit above the nose, the nose above the mouth.
    @Test func landmarksAreNamedAndOrderedAsMediapipe() throws {
        let face = try #require(BlazeFaceDetector().detect(in: try TestData.image("grace-hopper-360x420.pgm")).first)
        let p = try #require(face.landmarks)
        #expect(p.rightEye.x < p.leftEye.x)
        #expect(max(p.rightEye.y, p.leftEye.y) < p.noseTip.y && p.noseTip.y < p.mouthCenter.y)
        #expect(p.rightEar.x < p.rightEye.x && p.leftEar.x > p.leftEye.x)
        for point in p.points {
            #expect(Double(face.x) - 0.5 * Double(face.width) < point.x && point.x < Double(face.x + face.width) * 1.5)
        }
    }

    @Test func emptyAndFlatPicturesHaveNoFace() {
        #expect(BlazeFaceDetector().detect(in: GrayImage(width: 0, height: 0, pixels: [])).isEmpty)
        #expect(BlazeFaceDetector().detect(in: GrayImage(width: 320, height: 240, fill: 128)).isEmpty)
        #expect(BlazeFaceDetector().detect(rgb: [UInt8](repeating: 0, count: 9 * 7 * 3), width: 9, height: 7).isEmpty)
    }
}
