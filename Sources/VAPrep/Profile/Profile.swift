import VAPrepMedia
import VAPrepPayload

/// What one vendor API accepts as a selfie video: a size limit, a duration range, an fps range,
/// a resolution cap and the containers and codecs it reads.
///
/// A profile is data, not a code path: ``Plan`` reads it to decide whether a clip can be sent
/// as it is (pass-through) or how to transcode it. Pick a built-in one (``juheVideoAuth``, the
/// default, ``juheLiveness``, ``huawei``, ``baidu``, ``aliyun``), load your own from JSON with
/// ``Profile/load(contentsOf:)``, and adjust it with ``Profile/applying(_:)``:
///
/// ```swift
/// var profile = try Profile.named("huawei")
/// profile = profile.applying(ProfileOverrides(maxBytes: 2_000_000, maxFps: 25))
/// ```
///
/// JSON form (every key but `name` is optional; sizes in bytes, durations in seconds):
/// ```json
/// { "name": "my-api", "maxValueBytes": 4000000, "durationRange": {"min": 2, "max": 10},
///   "preferredDuration": 5, "fpsRange": {"min": 10, "max": 30}, "maxSide": 960,
///   "containers": ["mp4"], "videoCodecs": ["h264"], "crf": 23, "keepMetadata": false,
///   "faceWeighting": true, "faceSizing": true }
/// ```
public struct Profile: Codable, Sendable, Equatable {
    /// The name users pass to `--profile`.
    public var name: String
    /// Limit on the length of the `videoData` form value, **including** its `base64:` prefix
    /// (the unit of the Juhe and Huawei limits). `nil`: no limit on the encoded value.
    public var maxValueBytes: Int?
    /// Limit on the MP4 file itself, before base64 (the unit of Alibaba Cloud's limit).
    /// `nil`: no limit on the file.
    public var maxFileBytes: Int?
    /// Durations the vendor accepts. A longer window is cut to `max`; a clip shorter than
    /// `min` cannot be fixed by transcoding and is refused with ``PrepareError/clipTooShort(seconds:minimum:)``.
    public var durationRange: ValueRange?
    /// The window length to send when the clip is longer (a shorter clip is kept whole).
    /// `nil`: send the whole clip (within `durationRange`).
    public var preferredDuration: Double?
    /// Frame rates the vendor accepts; frames are dropped down to `max`.
    public var fpsRange: ValueRange?
    /// Longest displayed side of a transcoded output, in pixels.
    public var maxSide: Int
    /// Containers a clip may already be in to be passed through untouched: `mp4`, `mov`,
    /// `avi`, `flv`, `webm`, `mkv`, `asf`. A transcoded output is always MP4.
    public var containers: [String]
    /// Video codecs a clip may already be in to be passed through (FFmpeg codec names).
    /// A transcoded output is always H.264.
    public var videoCodecs: [String]
    /// x264 quality target (constant rate factor) of a transcode; lower is better and bigger.
    public var crf: Double
    /// Send a compliant clip as the original file, with its metadata (GPS location, device make
    /// and model, creation time) and its audio and other tracks. `false` (the default): the
    /// clip is remuxed by stream copy into an MP4 with the video stream only and no metadata.
    public var keepMetadata: Bool
    /// Spend a transcode's bits on the face (``FaceWeighting``: the face's box is found on the
    /// window's keyframes and given a lower quantiser than the background). `true` by default;
    /// a clip where no face is found is encoded exactly as with `false`.
    public var faceWeighting: Bool
    /// With ``faceWeighting``, let a large face shrink the transcoded picture (``FaceWeighting/Sizing``:
    /// the face box kept wide enough for its detail, the short side no lower than the pre-check's
    /// low-resolution warning).
    /// `true` by default; `false` keeps the plan's size.
    public var faceSizing: Bool

    public init(
        name: String,
        maxValueBytes: Int? = nil,
        maxFileBytes: Int? = nil,
        durationRange: ValueRange? = nil,
        preferredDuration: Double? = nil,
        fpsRange: ValueRange? = nil,
        maxSide: Int = Profile.defaultMaxSide,
        containers: [String] = ["mp4"],
        videoCodecs: [String] = ["h264"],
        crf: Double = Profile.defaultCRF,
        keepMetadata: Bool = false,
        faceWeighting: Bool = true,
        faceSizing: Bool = true
    ) {
        self.name = name
        self.maxValueBytes = maxValueBytes
        self.maxFileBytes = maxFileBytes
        self.durationRange = durationRange
        self.preferredDuration = preferredDuration
        self.fpsRange = fpsRange
        self.maxSide = maxSide
        self.containers = containers
        self.videoCodecs = videoCodecs
        self.crf = crf
        self.keepMetadata = keepMetadata
        self.faceWeighting = faceWeighting
        self.faceSizing = faceSizing
    }

    /// 1280 px: enough for a face to fill hundreds of pixels, small enough for a compact payload.
    public static let defaultMaxSide = 1280
    /// The transcoder's default quality target (`TranscodeSettings.defaultCRF` in VAPrepMedia).
    public static let defaultCRF = TranscodeSettings.defaultCRF

    enum CodingKeys: String, CodingKey {
        case name, maxValueBytes, maxFileBytes, durationRange, preferredDuration, fpsRange
        case maxSide, containers, videoCodecs, crf, keepMetadata, faceWeighting, faceSizing
    }

    /// Decodes with the same defaults as ``init(name:maxValueBytes:maxFileBytes:durationRange:preferredDuration:fpsRange:maxSide:containers:videoCodecs:crf:keepMetadata:)``,
    /// so a profile file only needs the keys it changes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            maxValueBytes: try c.decodeIfPresent(Int.self, forKey: .maxValueBytes),
            maxFileBytes: try c.decodeIfPresent(Int.self, forKey: .maxFileBytes),
            durationRange: try c.decodeIfPresent(ValueRange.self, forKey: .durationRange),
            preferredDuration: try c.decodeIfPresent(Double.self, forKey: .preferredDuration),
            fpsRange: try c.decodeIfPresent(ValueRange.self, forKey: .fpsRange),
            maxSide: try c.decodeIfPresent(Int.self, forKey: .maxSide) ?? Profile.defaultMaxSide,
            containers: try c.decodeIfPresent([String].self, forKey: .containers) ?? ["mp4"],
            videoCodecs: try c.decodeIfPresent([String].self, forKey: .videoCodecs) ?? ["h264"],
            crf: try c.decodeIfPresent(Double.self, forKey: .crf) ?? Profile.defaultCRF,
            keepMetadata: try c.decodeIfPresent(Bool.self, forKey: .keepMetadata) ?? false,
            faceWeighting: try c.decodeIfPresent(Bool.self, forKey: .faceWeighting) ?? true,
            faceSizing: try c.decodeIfPresent(Bool.self, forKey: .faceSizing) ?? true
        )
    }

    /// The largest MP4 file, in bytes, that satisfies both size limits.
    ///
    /// Base64 turns every 3 bytes (or fewer, padded) into 4 characters, and the value carries
    /// the 7-byte `base64:` prefix, so an `n`-byte file becomes a `7 + 4·⌈n/3⌉`-byte value.
    /// `nil` when the profile has no size limit.
    public var maxMP4Bytes: Int? {
        let fromValue = maxValueBytes.map { VideoData.maxByteCount(forValueLength: $0) }
        switch (fromValue, maxFileBytes) {
        case let (v?, f?): return min(v, f)
        case let (v?, nil): return v
        case let (nil, f?): return f
        case (nil, nil): return nil
        }
    }
}

/// A closed range of seconds or frames per second, written `{"min": 1, "max": 15}` in JSON.
/// Either end may be left out.
public struct ValueRange: Codable, Sendable, Equatable {
    public var min: Double?
    public var max: Double?

    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    /// Whether `value` lies in the range, with `tolerance` of slack at both ends (a clip
    /// measured at 15.02 s is a 15 s clip when one frame lasts 0.033 s).
    public func contains(_ value: Double, tolerance: Double = 0) -> Bool {
        if let min, value < min - tolerance { return false }
        if let max, value > max + tolerance { return false }
        return true
    }
}
