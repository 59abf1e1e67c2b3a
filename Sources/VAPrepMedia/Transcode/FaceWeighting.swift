/// Spends the bits on the face: per frame, x264 gets regions of interest (FFmpeg's
/// `AV_FRAME_DATA_REGIONS_OF_INTEREST`) that lower the quantiser on the face box and raise it
/// on the background, with rings between them so the quality falls off softly instead of
/// banding at the box's edge.
///
/// ```swift
/// var settings = TranscodeSettings(duration: 5, outputWidth: 720, outputHeight: 1280)
/// settings.faceWeighting = FaceWeighting(track: track)     // track: FaceTrack of the window
/// ```
///
/// How libx264 (FFmpeg 5.1 `libx264.c`) applies it: each region's offset, a fraction of the QP
/// range (51 at 8 bits), becomes a quant offset of every 16×16 macroblock the region touches,
/// the first region winning where they overlap; it does so only with adaptive quantisation on
/// (the presets' `aq-mode=1` is). An offset of −0.02 is about −1 QP, +0.30 about +15 QP.
public struct FaceWeighting: Sendable, Codable, Equatable {
    /// Where the face is, frame by frame.
    public var track: FaceTrack
    /// How strongly face and background are weighted.
    public var offsets: Offsets
    /// How the face decided the output size (`nil`: the plan's size was kept as it was).
    /// Only a record for `--json`; the encoder reads the transcode's own size.
    public var sizing: Sizing?

    public init(track: FaceTrack, offsets: Offsets = .standard, sizing: Sizing? = nil) {
        self.track = track
        self.offsets = offsets
        self.sizing = sizing
    }

    /// Quantiser offsets as fractions of the codec's QP range (negative: better quality) and
    /// the margins they apply to, as fractions of the face box's own width and height.
    public struct Offsets: Sendable, Codable, Equatable {
        /// Offset on the face box grown by ``faceMargin`` on every side.
        public var face: Double
        public var faceMargin: Double
        /// Offset on everything outside the outermost ring.
        public var background: Double
        /// The soft margin: ``rings`` rings from ``faceMargin`` out to ``blendMargin``, their
        /// offsets stepping evenly from ``face`` towards ``background``.
        public var blendMargin: Double
        public var rings: Int

        public init(face: Double, faceMargin: Double, background: Double, blendMargin: Double, rings: Int) {
            self.face = face
            self.faceMargin = faceMargin
            self.background = background
            self.blendMargin = blendMargin
            self.rings = rings
        }

        /// The tuned offsets: face −2 QP, background +23 QP, three rings out to 60 % of the box
        /// around it. Measured with ffmpeg's `addroi` and the same x264 settings (docs/preparation.md,
        /// "How the offsets were chosen"), CRF 23, face SSIM on the area the face covers all
        /// window: on the generated 1080p face input −0.02/+0.30 gave 0.32× the bytes at face SSIM
        /// +0.0036, −0.04/+0.30 0.40× at +0.0079, −0.06/+0.24 0.54× at +0.0125; −0.04 keeps the
        /// face a margin for a tracked (not hand-placed) box. A background of +0.45 instead of
        /// +0.30 took 8–19 % of the bytes off at the same face SSIM (within 0.0003) on that input,
        /// a small-face variant of it and two calibration clips; the whole-frame SSIM pays (−0.02).
        public static let standard = Offsets(face: -0.04, faceMargin: 0.15, background: 0.45, blendMargin: 0.6, rings: 3)
        /// ``standard`` with a near-flat background (+0.60, +31 QP), for a face narrower than
        /// ``smallFaceWidth``: the background is then most of the picture and of the bytes. On a
        /// face 0.18 of the width it took 15 % more bytes off than +0.45 at face SSIM −0.0001.
        public static let smallFace = Offsets(face: -0.04, faceMargin: 0.15, background: 0.60, blendMargin: 0.6, rings: 3)
        /// Face box width, as a fraction of the picture's width, under which ``smallFace`` applies.
        public static let smallFaceWidth = 0.25

        /// The offsets for a track whose narrowest face is `faceWidth` of the picture's width.
        public static func forFace(width faceWidth: Double) -> Offsets {
            faceWidth < smallFaceWidth ? .smallFace : .standard
        }
    }

    /// One region in pixels of the encoded picture (`right` and `bottom` exclusive).
    struct Region: Equatable {
        var left: Int
        var top: Int
        var right: Int
        var bottom: Int
        var qoffset: Double
    }

    /// The regions for the picture at `time` (clip seconds), `width`×`height` pixels, face
    /// first (it wins), then the rings outwards, then the whole picture; empty when the track
    /// has no face at that time, so the frame is encoded as without weighting.
    func regions(at time: Double, width: Int, height: Int) -> [Region] {
        guard let box = track.box(at: time), width > 0, height > 0,
              [box.x, box.y, box.width, box.height, offsets.face, offsets.background, offsets.faceMargin, offsets.blendMargin].allSatisfy({ $0.isFinite && abs($0) < 100 })
        else { return [] }
        let w = Double(width), h = Double(height)
        func grown(by margin: Double, qoffset: Double) -> Region? {
            let left = Int(((box.x - box.width * margin) * w).rounded(.down))
            let top = Int(((box.y - box.height * margin) * h).rounded(.down))
            let right = Int(((box.x + box.width * (1 + margin)) * w).rounded(.up))
            let bottom = Int(((box.y + box.height * (1 + margin)) * h).rounded(.up))
            let clamped = Region(left: max(0, left), top: max(0, top), right: min(width, right),
                                 bottom: min(height, bottom), qoffset: qoffset)
            return clamped.left < clamped.right && clamped.top < clamped.bottom ? clamped : nil
        }
        guard let face = grown(by: offsets.faceMargin, qoffset: offsets.face) else { return [] }
        var regions = [face]
        let rings = max(0, offsets.rings)
        for ring in 0..<rings {
            let step = Double(ring + 1) / Double(rings + 1)
            let margin = offsets.faceMargin + (offsets.blendMargin - offsets.faceMargin) * Double(ring + 1) / Double(rings)
            let qoffset = offsets.face + (offsets.background - offsets.face) * step
            if let region = grown(by: margin, qoffset: qoffset) { regions.append(region) }
        }
        regions.append(Region(left: 0, top: 0, right: width, bottom: height, qoffset: offsets.background))
        return regions
    }
}
