/// One audio stream of a clip.
public struct AudioStreamInfo: Codable, Sendable, Equatable {
    /// FFmpeg codec name: `aac`, `opus`, `pcm_s16le`, …
    public var codec: String
    public var channels: Int
    /// Samples per second, e.g. 48000.
    public var sampleRate: Int

    public init(codec: String, channels: Int, sampleRate: Int) {
        self.codec = codec
        self.channels = channels
        self.sampleRate = sampleRate
    }
}
