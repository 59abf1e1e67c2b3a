/// Anything that finds faces in a greyscale picture: the CNN (``BlazeFaceDetector``, the default)
/// or the OpenCV-exact cascade (``FaceDetector``), so ``PreCheck`` can run on either.
public protocol FaceDetecting: Sendable {
    /// Faces in `image` whose side is at least `minFaceSide` pixels, the main (largest) face first.
    /// Boxes carry a ``FaceBox/score`` and ``FaceBox/landmarks`` when the detector provides them.
    func faces(in image: GrayImage, minFaceSide: Int) -> [FaceBox]
}

extension FaceDetector: FaceDetecting {
    /// The grouped cascade detections (scale factor 1.1, 3 neighbours), no smaller than the cascade window.
    public func faces(in image: GrayImage, minFaceSide: Int) -> [FaceBox] {
        detect(in: image, options: .init(minSize: max(cascade.windowWidth, minFaceSide)))
    }
}
