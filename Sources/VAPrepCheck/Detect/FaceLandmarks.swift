/// The six keypoints BlazeFace finds with each face, in pixel coordinates of the picture.
///
/// Named from the *subject's* side, as mediapipe names them: in an unmirrored picture of a person
/// facing the camera, ``rightEye`` is the eye on the left of the picture (smaller x).
/// ```swift
/// if let points = frame.faces.first?.landmarks {
///     let eyeDistance = points.rightEye.distance(to: points.leftEye)
/// }
/// ```
public struct FaceLandmarks: Sendable, Hashable, Codable {
    public var rightEye: FacePoint
    public var leftEye: FacePoint
    public var noseTip: FacePoint
    public var mouthCenter: FacePoint
    /// The tragion (the notch in front of the ear canal); off the face's outline in a 3/4 view.
    public var rightEar: FacePoint
    public var leftEar: FacePoint

    public init(rightEye: FacePoint, leftEye: FacePoint, noseTip: FacePoint, mouthCenter: FacePoint,
                rightEar: FacePoint, leftEar: FacePoint) {
        self.rightEye = rightEye; self.leftEye = leftEye; self.noseTip = noseTip
        self.mouthCenter = mouthCenter; self.rightEar = rightEar; self.leftEar = leftEar
    }

    /// The points in the model's output order (right eye, left eye, nose tip, mouth centre, right ear,
    /// left ear): the order mediapipe reports and the reference JSON stores.
    public init(_ points: [FacePoint]) {
        precondition(points.count == 6, "FaceLandmarks needs 6 points, got \(points.count)")
        self.init(rightEye: points[0], leftEye: points[1], noseTip: points[2], mouthCenter: points[3],
                  rightEar: points[4], leftEar: points[5])
    }

    /// The points in the model's output order (see ``init(_:)``).
    public var points: [FacePoint] { [rightEye, leftEye, noseTip, mouthCenter, rightEar, leftEar] }

    /// These landmarks scaled by `factor` (maps them from an analysis size back to the frame).
    public func scaled(by factor: Double) -> FaceLandmarks { FaceLandmarks(points.map { $0.scaled(by: factor) }) }
}
