extension FaceWeighting {
    /// The output size the face decided (`vaprep prepare --json`: `plan.transcode.faceWeighting.sizing`):
    /// where the face is large, a smaller picture keeps the face detail the vendor can use and
    /// costs fewer bytes and less encoding time. `plannedWidth`×`plannedHeight` is the plan's
    /// size before the face was looked at; the encode's size is the transcode's `outputWidth`×`outputHeight`.
    public struct Sizing: Sendable, Codable, Equatable {
        /// The plan's displayed output size before the face decided (the size with weighting off).
        public var plannedWidth: Int
        public var plannedHeight: Int
        /// Width in pixels of the narrowest face box of the track, in the chosen output.
        public var faceWidth: Int
        /// The face width the shrink keeps: the picture is made no smaller than this allows.
        public var minimumFaceWidth: Int
        /// The short side the shrink never goes below (the pre-check's low-resolution warning).
        public var minimumShortSide: Int

        public init(plannedWidth: Int, plannedHeight: Int, faceWidth: Int, minimumFaceWidth: Int, minimumShortSide: Int) {
            self.plannedWidth = plannedWidth
            self.plannedHeight = plannedHeight
            self.faceWidth = faceWidth
            self.minimumFaceWidth = minimumFaceWidth
            self.minimumShortSide = minimumShortSide
        }
    }
}
