internal import CFFmpeg

/// Analysis frames from a clip that is already open, so a job that samples, searches and
/// transcodes opens its file once. Runs on a GCD worker (``BlockingWork``), never on Swift's
/// cooperative pool; cancelling the awaiting task aborts FFmpeg's reads.
extension MediaSource {
    /// One frame per time in `times`, exactly as ``FrameSampler/sampleFrames(path:at:shortSide:rgb:limits:)``
    /// returns them (the first frame at or after each time; the last one past the end).
    /// - Throws: ``MediaError``.
    public func sampleFrames(at times: [Double], shortSide: Int = AnalysisFrame.standardShortSide, rgb: Bool = false) async throws -> [AnalysisFrame] {
        try await sampling { input in
            try FrameSampler.sample(input: input, times: times, shortSide: shortSide, rgb: rgb)
        }
    }

    /// For each time in `times`, the keyframe at or before it, decoded alone (see
    /// `VideoDecoder.keyPacket(atOrBefore:isNew:)`): the cheap pictures a window search needs.
    /// Times that land on the same keyframe give it once, decoded once (the key packet's
    /// timestamp is checked before the decode); the result is in time order and
    /// each frame carries its keyframe's own time. A keyframe that cannot be decoded is left
    /// out, so the result may be shorter than `times` (or empty).
    ///
    /// The key packets are read first, then decoded on one decoder per core
    /// (``KeyframeDecodes``): a lone intra picture keeps one core busy however many threads
    /// its decoder has.
    ///
    /// Keyframes whose time is in `known` (times of frames this method returned before, e.g.
    /// the window search's samples when the face track asks again) are not decoded: their
    /// key packet's timestamp is checked first.
    /// - Throws: ``MediaError`` (I/O, cancellation).
    public func keyframes(near times: [Double], known: [Double] = [],
                          shortSide: Int = AnalysisFrame.standardShortSide) async throws -> [AnalysisFrame] {
        try await sampling { input in
            MediaSource.onlyVideo(input)
            let reader = try VideoDecoder(input: input, threads: 1)
            var seenPackets = Set<Int64>()
            var packets: [KeyPacket] = []
            for time in times.sorted() {
                let isNew = { (stamp: Int64) -> Bool in
                    if let seconds = try? reader.seconds(ofTimestamp: stamp),
                       known.contains(where: { abs($0 - seconds) < 1e-6 }) { return false }
                    return seenPackets.insert(stamp).inserted
                }
                if let key = try reader.keyPacket(atOrBefore: time, isNew: isNew) {
                    packets.append(key)
                }
            }
            let frames = try KeyframeDecodes.analysisFrames(of: packets, input: input, shortSide: shortSide)
            var seen = Set<Double>()
            return frames.compactMap { $0 }.filter { seen.insert($0.time).inserted }.sorted { $0.time < $1.time }
        }
    }

    private func sampling<T: Sendable>(_ body: @escaping @Sendable (MediaInput) throws -> T) async throws -> T {
        let interrupt = input.interrupt
        return try await BlockingWork.run(onCancel: { interrupt.cancel() }) { [self] in
            try withInput { input in try body(input) }
        }
    }

    /// Discards every stream but the chosen video one, so the demuxer skips their packets.
    static func onlyVideo(_ input: MediaInput) {
        let streams = UnsafeBufferPointer(start: input.formatContext.pointee.streams,
                                          count: Int(input.formatContext.pointee.nb_streams))
        for (index, stream) in streams.enumerated() {
            stream?.pointee.discard = index == Int(input.videoStreamIndex) ? AVDISCARD_DEFAULT : AVDISCARD_ALL
        }
    }
}
