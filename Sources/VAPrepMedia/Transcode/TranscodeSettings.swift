/// What `Transcoder` makes of a clip: the window, the displayed output size, the frame-rate
/// cap and the H.264 quality target with its bit-rate cap.
///
/// ```swift
/// var settings = TranscodeSettings(start: 2, duration: 5, outputWidth: 720, outputHeight: 1280)
/// settings.maxFps = 30
/// settings.maxRateBitsPerSecond = 4_000_000   // from the payload budget
/// let result = try await Transcoder.transcode(path: "selfie.mov", settings: settings)
/// ```
public struct TranscodeSettings: Sendable, Codable, Equatable {
    /// Window start in seconds from the clip's start; the output's t = 0 is this instant.
    public var start: Double
    /// Window length in seconds; the output lasts this long (± one frame) when the clip does.
    public var duration: Double
    /// Displayed size after rotation (a portrait clip has `outputHeight > outputWidth`).
    /// Both even: `yuv420p` halves them for chroma.
    public var outputWidth: Int
    public var outputHeight: Int
    /// Frame-rate cap, applied by dropping frames (never duplicating, never changing speed).
    /// `nil` keeps every frame.
    public var maxFps: Double?
    /// x264 CRF quality target: lower is better and bigger; 18 is visually lossless for most
    /// eyes. See ``defaultCRF``.
    public var crf: Double
    /// VBV cap derived from a size budget: the encoder keeps the CRF quality unless that
    /// would exceed this rate over `bufferSizeBits`.
    public var maxRateBitsPerSecond: Int?
    /// VBV buffer; `nil` with a max rate means one second of `maxRateBitsPerSecond`.
    public var bufferSizeBits: Int?
    /// x264 speed preset; `veryfast` is the measured sweet spot on 2 cores.
    public var preset: String
    /// x264 options applied over the preset, in `-x264-params` form (`key=value:key=value`);
    /// `nil` keeps the preset as it is. The default, ``fastAnalysis``, is what makes vaprep
    /// faster than `ffmpeg -preset veryfast` at the same CRF. As with ffmpeg's `-x264-params`,
    /// a key x264 does not know is skipped with a logged warning, not an error.
    public var x264Params: String?
    /// Keep the audio: AAC source audio is copied (not re-encoded); other codecs are dropped
    /// with a log note, since re-encoding would need libswresample.
    public var keepAudio: Bool
    /// Clip times (seconds from the clip's start, inside the window) whose decoded frames are
    /// also returned as ``AnalysisFrame``s for the pre-check; one decode feeds both.
    public var analysisTimes: [Double]
    /// Short side of the analysis frames in pixels.
    public var analysisShortSide: Int
    /// Regions of interest that spend the bits on the face (``FaceWeighting``); `nil` encodes
    /// every macroblock alike, exactly as without the feature.
    public var faceWeighting: FaceWeighting?

    public init(start: Double = 0, duration: Double, outputWidth: Int, outputHeight: Int,
                maxFps: Double? = nil, crf: Double = TranscodeSettings.defaultCRF, maxRateBitsPerSecond: Int? = nil,
                bufferSizeBits: Int? = nil, preset: String = "veryfast",
                x264Params: String? = TranscodeSettings.fastAnalysis, keepAudio: Bool = false,
                analysisTimes: [Double] = [], analysisShortSide: Int = AnalysisFrame.standardShortSide,
                faceWeighting: FaceWeighting? = nil) {
        self.start = start
        self.duration = duration
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.maxFps = maxFps
        self.crf = crf
        self.maxRateBitsPerSecond = maxRateBitsPerSecond
        self.bufferSizeBits = bufferSizeBits
        self.preset = preset
        self.x264Params = x264Params
        self.keepAudio = keepAudio
        self.analysisTimes = analysisTimes
        self.analysisShortSide = analysisShortSide
        self.faceWeighting = faceWeighting
    }

    /// The quality target when nobody chooses one: x264's own default, 23. Measured on a 5 s
    /// 720p selfie window it needed ~0.35 MB.
    public static let defaultCRF: Double = 23

    /// `veryfast` with the cheapest motion search (`me=dia`), one subpixel refinement pass
    /// (`subme=1`) and intra-only partition analysis (`partitions=i8x8,i4x4`), keeping its
    /// 10-frame lookahead and macroblock tree. Measured (release, 2 cores, CRF 23, 5 s at
    /// 720×1280): x264 CPU −42 % on a noisy 1080p30 clip at SSIM +0.0003 and 16 % more bytes;
    /// −45 % on a real 720×528 film clip at SSIM −0.0011 and 6 % more bytes. The time goes
    /// to the user's upload instead: a faster prepare, a slightly bigger payload.
    public static let fastAnalysis = "me=dia:subme=1:partitions=i8x8,i4x4"
}
