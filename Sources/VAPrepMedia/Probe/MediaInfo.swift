/// What a clip is, as the probe found it: container, duration, size, the video stream
/// (with its display rotation) and the audio streams.
///
/// Encoded as JSON by `vaprep probe --json`; its keys (`format`, `durationSeconds`,
/// `sizeBytes`, `bitRate`, `video`, `audio`, …) are a stable contract.
public struct MediaInfo: Codable, Sendable, Equatable {
    /// FFmpeg's demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `matroska,webm`.
    public var format: String
    /// Container duration in seconds (0 when FFmpeg cannot determine it).
    public var durationSeconds: Double
    /// File size in bytes.
    public var sizeBytes: Int64
    /// Overall bit rate in bits per second, when known.
    public var bitRate: Int64?
    /// The video stream vaprep works on (FFmpeg's "best" video stream; cover art excluded).
    public var video: VideoStreamInfo
    /// Every audio stream, in container order.
    public var audio: [AudioStreamInfo]
    /// The container's `creation_time` tag (ISO 8601, as written by the recorder), when present.
    public var creationTime: String?

    public init(format: String, durationSeconds: Double, sizeBytes: Int64, bitRate: Int64?,
                video: VideoStreamInfo, audio: [AudioStreamInfo], creationTime: String?) {
        self.format = format
        self.durationSeconds = durationSeconds
        self.sizeBytes = sizeBytes
        self.bitRate = bitRate
        self.video = video
        self.audio = audio
        self.creationTime = creationTime
    }
}

// Synthesized Codable leaves a nil optional's key out of the JSON; `vaprep probe --json`
// promises every documented key, so unknown values are written as explicit `null`.
extension MediaInfo {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(bitRate, forKey: .bitRate)
        try container.encode(video, forKey: .video)
        try container.encode(audio, forKey: .audio)
        try container.encode(creationTime, forKey: .creationTime)
    }
}
