internal import CFFmpeg

/// Upright analysis frames from a clip, for the liveness pre-check.
///
/// Sampling is sparse: for each time the decoder seeks to the keyframe at or before it and
/// decodes forward to the first frame at or after it — unless that keyframe is already
/// behind the decoder, when it just decodes on. A long clip is never decoded whole.
///
/// ```swift
/// let frames = try await FrameSampler.sampleFrames(path: "selfie.mov", count: 8)
/// for frame in frames { print(frame.time, frame.width, frame.height) }   // portrait for a portrait clip
/// ```
public enum FrameSampler {
    /// `count` frames spread evenly over the clip: one from the middle of each of `count`
    /// equal slices, so neither the first nor the very last frame is favoured.
    /// - Parameters:
    ///   - shortSide: the short side of the returned frames in pixels (never upscaled).
    ///   - rgb: also return packed RGB24.
    /// - Throws: ``MediaError``.
    public static func sampleFrames(path: String, count: Int, shortSide: Int = AnalysisFrame.standardShortSide, rgb: Bool = false,
                                    limits: MediaLimits = .default) async throws -> [AnalysisFrame] {
        try await withInput(path: path, limits: limits) { input in
            try sample(input: input, times: evenlySpacedTimes(count: count, duration: input.info.durationSeconds),
                       shortSide: shortSide, rgb: rgb)
        }
    }

    /// One frame per time in `times` (seconds from the clip's start), in the order given:
    /// the first frame at or after each time, or the last frame for times past the clip's
    /// declared end. When the data stops well before the declared end (a cut upload), times
    /// after it throw ``MediaError/truncated(atSeconds:ofSeconds:)`` rather than repeating
    /// the last decodable frame. Runs off Swift's cooperative pool (``BlockingWork``).
    /// - Throws: ``MediaError``.
    public static func sampleFrames(path: String, at times: [Double], shortSide: Int = AnalysisFrame.standardShortSide, rgb: Bool = false,
                                    limits: MediaLimits = .default) async throws -> [AnalysisFrame] {
        try await withInput(path: path, limits: limits) { input in
            try sample(input: input, times: times, shortSide: shortSide, rgb: rgb)
        }
    }

    /// The times ``sampleFrames(path:count:shortSide:rgb:limits:)`` uses.
    public static func evenlySpacedTimes(count: Int, duration: Double) -> [Double] {
        guard count > 0 else { return [] }
        return (0..<count).map { duration * (Double($0) + 0.5) / Double(count) }
    }

    // MARK: -

    /// Opens, then runs `body`, on a GCD worker, off Swift's cooperative pool (``BlockingWork``).
    private static func withInput<T: Sendable>(path: String, limits: MediaLimits,
                                               _ body: @escaping @Sendable (MediaInput) throws -> T) async throws -> T {
        try await BlockingWork.run(interruptible: { interrupt in
            try body(MediaInput.open(path: path, limits: limits, interrupt: interrupt))
        })
    }

    static func sample(input: MediaInput, times: [Double], shortSide: Int, rgb: Bool) throws -> [AnalysisFrame] {
        guard !times.isEmpty else { return [] }
        // Audio and data packets are never needed here; discarding them lets the demuxer skip them.
        let streams = UnsafeBufferPointer(start: input.formatContext.pointee.streams,
                                          count: Int(input.formatContext.pointee.nb_streams))
        for (index, stream) in streams.enumerated() where index != Int(input.videoStreamIndex) {
            stream?.pointee.discard = AVDISCARD_ALL
        }
        let decoder = try VideoDecoder(input: input)
        let converter = AnalysisFrameConverter(input: input, shortSide: shortSide, rgb: rgb)
        var frames = [AnalysisFrame?](repeating: nil, count: times.count)
        // Ascending order turns most samples into "decode on" instead of a seek.
        for index in times.indices.sorted(by: { times[$0] < times[$1] }) {
            guard let frame = try decoder.frame(atOrAfter: times[index]) else {
                throw MediaError.unreadable("the video stream contains no decodable frame")
            }
            frames[index] = try converter.convert(frame)
        }
        return frames.map { $0! }
    }
}
