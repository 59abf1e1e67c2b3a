/// The second, independent replay signal: how the face's keypoints move *relative to each other*.
///
/// Three points fix an affine frame: the two eyes and the mouth centre. The nose tip's coordinates
/// in that frame (how far along the eye line, how far down towards the mouth) do not change under
/// any affine motion of the picture, and change only slightly under the perspective of a tilted
/// print (the points span a few centimetres of a flat picture). A live face changes them: the jaw
/// drops when speaking (the mouth moves away from nose and eyes), the head turns in 3-D (the nose
/// swings sideways against the eyes). So the change of these coordinates between the two frames of
/// a pair is non-rigid motion measured from the detector's keypoints instead of the pixels — it
/// does not care about sensor noise, texture or lighting, only about the keypoints' own precision.
///
/// The result is in percent of the eye-to-mouth frame (dimensionless): 0 for a rigid plane.
public enum LandmarkMotion {
    /// The nose tip's affine coordinates in the frame (right eye → left eye, right eye → mouth),
    /// or nil when the three frame points are (nearly) on a line.
    public static func noseCoordinates(_ points: FaceLandmarks) -> (along: Double, down: Double)? {
        let o = points.rightEye
        let ax = points.leftEye.x - o.x, ay = points.leftEye.y - o.y
        let bx = points.mouthCenter.x - o.x, by = points.mouthCenter.y - o.y
        let det = ax * by - ay * bx
        // Collinear eyes and mouth (a degenerate detection): no frame to measure in.
        let scale = (ax * ax + ay * ay) + (bx * bx + by * by)
        guard scale > 0, abs(det) > 0.05 * scale else { return nil }
        let px = points.noseTip.x - o.x, py = points.noseTip.y - o.y
        // p = s·a + t·b, solved by Cramer's rule.
        let s = (px * by - py * bx) / det
        let t = (ax * py - ay * px) / det
        return (along: s, down: t)
    }

    /// Change of the nose's affine coordinates between two frames of the same face, in percent;
    /// nil when either frame has no usable keypoints.
    public static func measure(from first: FaceLandmarks?, to second: FaceLandmarks?) -> Double? {
        guard let first, let second, let a = noseCoordinates(first), let b = noseCoordinates(second) else { return nil }
        let da = a.along - b.along, dd = a.down - b.down
        return (da * da + dd * dd).squareRoot() * 100
    }
}
