/// The video stream of a clip.
///
/// **Sizes and rotation.** `width`/`height` are the *stored* picture, as encoded. Phones
/// usually store landscape pixels and add a display matrix saying how to turn them;
/// ``rotation`` is the number of degrees to rotate the stored picture **clockwise** to show
/// it upright (0, 90, 180 or 270 — the same value FFmpeg's `-autorotate` computes:
/// `-av_display_rotation_get(matrix)` normalised). ``flipped`` means the picture is
/// also mirrored horizontally *before* that rotation. ``displayWidth``/``displayHeight``
/// are the upright size (swapped for 90 and 270). An iPhone portrait clip: stored
/// 1920×1080, `rotation` 90, displayed 1080×1920.
public struct VideoStreamInfo: Codable, Sendable, Equatable {
    /// FFmpeg codec name: `h264`, `hevc`, `vp9`, `mpeg4`, …
    public var codec: String
    /// Codec profile, e.g. `High`, `Main 10`, when known.
    public var profile: String?
    /// FFmpeg pixel format name, e.g. `yuv420p`, `yuv420p10le`.
    public var pixelFormat: String
    /// Bits per sample component (8 for `yuv420p`, 10 for `yuv420p10le`).
    public var bitDepth: Int
    /// `4:2:0`, `4:2:2`, `4:4:4`, `4:0:0` (grey), … from the pixel format.
    public var chromaSubsampling: String
    /// Stored width and height in pixels.
    public var width: Int
    public var height: Int
    /// Clockwise degrees to rotate the stored picture for display: 0, 90, 180 or 270.
    public var rotation: Int
    /// Whether the display matrix also mirrors the picture (applied before ``rotation``).
    public var flipped: Bool
    /// Upright (displayed) width and height: stored size, swapped for 90/270.
    public var displayWidth: Int
    public var displayHeight: Int
    /// Average frame rate (frames ÷ duration), the rate a viewer experiences. Never above
    /// ``maxFramesPerSecond``.
    public var fps: Double
    /// FFmpeg's `r_frame_rate`: the lowest rate that represents every timestamp exactly
    /// (differs from ``fps`` for variable-frame-rate phone clips).
    public var realFps: Double?
    /// Frame count from the container index, when the container records one.
    public var frameCount: Int?
    /// Colour description names as FFmpeg prints them (`bt709`, `bt2020`,
    /// `arib-std-b67`, `smpte2084`, `bt2020nc`, …), nil when unspecified.
    public var colorPrimaries: String?
    public var colorTransfer: String?
    public var colorMatrix: String?
    /// High dynamic range: the transfer is PQ (`smpte2084`) or HLG (`arib-std-b67`).
    public var hdr: Bool

    /// The highest frame rate a probe accepts (fps in (0, 1000]): phones record at most
    /// 240 fps; a higher declared rate is a broken or hostile header (a zeroed one reads
    /// 12800 fps) and the probe calls it corrupt. Anything vaprep writes stays at or below it
    /// too (a plan caps its output here), so its own output always probes again.
    public static let maxFramesPerSecond = 1000.0

    public init(codec: String, profile: String?, pixelFormat: String, bitDepth: Int, chromaSubsampling: String,
                width: Int, height: Int, rotation: Int, flipped: Bool, displayWidth: Int, displayHeight: Int,
                fps: Double, realFps: Double?, frameCount: Int?, colorPrimaries: String?, colorTransfer: String?,
                colorMatrix: String?, hdr: Bool) {
        self.codec = codec
        self.profile = profile
        self.pixelFormat = pixelFormat
        self.bitDepth = bitDepth
        self.chromaSubsampling = chromaSubsampling
        self.width = width
        self.height = height
        self.rotation = rotation
        self.flipped = flipped
        self.displayWidth = displayWidth
        self.displayHeight = displayHeight
        self.fps = fps
        self.realFps = realFps
        self.frameCount = frameCount
        self.colorPrimaries = colorPrimaries
        self.colorTransfer = colorTransfer
        self.colorMatrix = colorMatrix
        self.hdr = hdr
    }
}

// Synthesized Codable leaves a nil optional's key out of the JSON; `vaprep probe --json`
// promises every documented key, so unknown values are written as explicit `null`.
extension VideoStreamInfo {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(codec, forKey: .codec)
        try container.encode(profile, forKey: .profile)
        try container.encode(pixelFormat, forKey: .pixelFormat)
        try container.encode(bitDepth, forKey: .bitDepth)
        try container.encode(chromaSubsampling, forKey: .chromaSubsampling)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(rotation, forKey: .rotation)
        try container.encode(flipped, forKey: .flipped)
        try container.encode(displayWidth, forKey: .displayWidth)
        try container.encode(displayHeight, forKey: .displayHeight)
        try container.encode(fps, forKey: .fps)
        try container.encode(realFps, forKey: .realFps)
        try container.encode(frameCount, forKey: .frameCount)
        try container.encode(colorPrimaries, forKey: .colorPrimaries)
        try container.encode(colorTransfer, forKey: .colorTransfer)
        try container.encode(colorMatrix, forKey: .colorMatrix)
        try container.encode(hdr, forKey: .hdr)
    }
}
