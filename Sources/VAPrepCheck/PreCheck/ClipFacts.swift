/// What the pre-check needs to know about the clip as a whole (from the media probe).
public struct ClipFacts: Sendable, Codable, Equatable {
    public var durationSeconds: Double
    /// Average frames per second.
    public var fps: Double
    /// Displayed size (after rotation).
    public var width: Int
    public var height: Int

    public init(durationSeconds: Double, fps: Double, width: Int, height: Int) {
        self.durationSeconds = durationSeconds; self.fps = fps; self.width = width; self.height = height
    }
}
