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
    /// Video frames x264 received with face regions of interest (``TranscodeSettings/faceWeighting``):
    /// 0 without weighting or when the track shows no face at any frame's time.
    public var weightedFrameCount: Int

    public init(mp4: [UInt8], frameCount: Int, durationSeconds: Double, analysisFrames: [AnalysisFrame],
                weightedFrameCount: Int = 0) {
        self.mp4 = mp4
        self.frameCount = frameCount
        self.durationSeconds = durationSeconds
        self.analysisFrames = analysisFrames
        self.weightedFrameCount = weightedFrameCount
    }
}
