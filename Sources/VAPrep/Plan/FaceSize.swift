import VAPrepMedia

/// The face-aware output size: where the face is large in the plan's picture, a smaller
/// picture keeps all the face detail the vendor can use, costs fewer bytes, and costs less
/// encoding time (x264 and the scaler work per pixel), so it shortens both the preparation
/// and the upload.
///
/// The picture is shrunk until the narrowest face box of the window's track is
/// ``minimumFaceWidth`` pixels wide, never below the short side at which the pre-check
/// warns of low resolution (`PreCheckThresholds.warnShortSide`, 360 px), never below
/// ``Plan/minimumSide``, never above the plan's size; a shrink that would keep more than
/// ``minimumStep`` of the size is not worth a different output and the plan's size is kept.
enum FaceSize {
    /// The face box width (detector box, output pixels) the shrink keeps. Measured on the
    /// generated 1080p face input with the face-weighted encode, each smaller output scaled
    /// back up to the plan's 720×1280 and compared there (docs/preparation.md, "Face-aware
    /// output size"): 200 px kept the face SSIM within 0.0002 of the plain picture's, 187 px
    /// lost 0.0024, beyond the 0.002 allowed.
    static let minimumFaceWidth = 200
    /// A scale of this or more (at most a tenth off each side) keeps the plan's size.
    static let minimumStep = 0.9

    /// The output for `planned` when the narrowest face of the window is `faceWidth` (a
    /// fraction of the displayed picture's width), with the short side kept at least
    /// `minimumShortSide`.
    static func size(planned: OutputSize, faceWidth: Double, minimumShortSide: Int) -> OutputSize {
        guard faceWidth.isFinite, faceWidth > 0, faceWidth <= 1 else { return planned }
        let shortSide = min(planned.width, planned.height)
        let floors = [Double(minimumFaceWidth) / (faceWidth * Double(planned.width)),
                      Double(minimumShortSide) / Double(max(1, shortSide)),
                      Double(Plan.minimumSide) / Double(max(1, planned.longSide))]
        let factor = floors.max() ?? 1
        guard factor < minimumStep else { return planned }
        // Rounding down to even sides may take the short side just under its floor: step back up.
        var scale = factor
        var shrunk = planned.scaled(by: scale)
        while min(shrunk.width, shrunk.height) < minimumShortSide, scale < 1 {
            scale = min(1, scale + 1 / Double(planned.longSide))
            shrunk = planned.scaled(by: scale)
        }
        return shrunk
    }
}
