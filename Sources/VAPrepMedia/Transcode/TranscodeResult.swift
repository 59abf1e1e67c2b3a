/// A finished transcode: the MP4 (in memory, `moov` first) and what the same decode tapped.
public struct TranscodeResult: Sendable {
    /// The complete MP4 file: H.264 High 8-bit `yuv420p`, no rotation matrix, optional AAC.
    public var mp4: [UInt8]
    /// Video frames written.
    public var frameCount: Int
    /// Duration of the video track in seconds.
    public var durationSeconds: Double
    /// One frame per requested ``TranscodeSettings/analysisTimes`` entry that fell inside the
    /// window and had a frame at or after it, in time order.
    public var analysisFrames: [AnalysisFrame]

    public init(mp4: [UInt8], frameCount: Int, durationSeconds: Double, analysisFrames: [AnalysisFrame]) {
        self.mp4 = mp4
        self.frameCount = frameCount
        self.durationSeconds = durationSeconds
        self.analysisFrames = analysisFrames
    }
}
