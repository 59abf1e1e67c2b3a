internal import CFFmpeg

/// Whether the data of an opened input reaches the end its container declares: the check
/// that turns an upload cut short into ``MediaError/truncated(atSeconds:ofSeconds:)``
/// instead of a clip that is passed through broken or analysed on a repeated last frame.
///
/// Two places: at open, every sample the demuxer's index knows must lie inside the data
/// (an MP4 with `moov` first indexes the whole clip, so a cut is seen before anything is
/// decoded); while decoding, reaching the end of the data well before the declared end
/// (containers without a complete index: Matroska without cues, FLV, MPEG-TS, AVI).
extension MediaInput {
    /// How far before the declared end the data may stop: two frames (the last frame's own
    /// duration and rounding of the container clock) plus 0.25 s (audio that outlasts the
    /// video in the container's duration). A cut upload misses seconds, not frames.
    static func endTolerance(frameDuration: Double) -> Double { 2 * frameDuration + 0.25 }

    /// The end the container declares for the video: the video stream's own duration when
    /// known, else the container's.
    var declaredVideoSeconds: Double {
        let stream = videoStream.pointee
        if stream.duration != vaprep_nopts(), stream.duration > 0, let _ = FileValue.positive(stream.time_base) {
            let seconds = FileValue.seconds(stream.duration, stream.time_base)
            if seconds.isFinite { return seconds }
        }
        return info.durationSeconds
    }

    /// Throws `truncated` when the decoder ran out of data at `lastFrameSeconds` (the last
    /// frame decoded since the last seek) well before the declared end.
    func checkEndOfData(lastFrameSeconds: Double?, frameDuration: Double) throws {
        let declared = declaredVideoSeconds
        guard declared > 0, let lastFrameSeconds else { return }
        let reached = max(0, lastFrameSeconds + frameDuration)
        if reached + MediaInput.endTolerance(frameDuration: frameDuration) < declared {
            throw MediaError.truncated(atSeconds: reached, ofSeconds: declared)
        }
    }

    /// Throws `truncated` when a sample the demuxer's index knows lies (partly) past the end
    /// of the data, naming the time of the first such sample.
    func checkIndexInsideData() throws {
        let dataSize = info.sizeBytes
        let streams = UnsafeBufferPointer(start: formatContext.pointee.streams, count: Int(formatContext.pointee.nb_streams))
        // The video stream first: its time is the one the message should name.
        let order = [Int(videoStreamIndex)] + streams.indices.filter { $0 != Int(videoStreamIndex) }
        for index in order {
            guard let stream = streams[index], let cutAt = firstSamplePastEnd(stream, dataSize: dataSize) else { continue }
            throw MediaError.truncated(atSeconds: cutAt, ofSeconds: max(cutAt, declaredVideoSeconds, info.durationSeconds))
        }
    }

    /// Seconds from the stream's start of its first index entry that ends past `dataSize`.
    private func firstSamplePastEnd(_ stream: UnsafeMutablePointer<AVStream>, dataSize: Int64) -> Double? {
        let count = vaprep_index_count(stream)
        guard count > 0, let timeBase = FileValue.positive(stream.pointee.time_base) else { return nil }
        let start = stream.pointee.start_time == vaprep_nopts() ? 0 : stream.pointee.start_time
        var earliest: Int64?
        for i in 0..<count {
            var position: Int64 = 0, size: Int32 = 0, timestamp: Int64 = 0
            guard vaprep_index_entry(stream, i, &position, &size, &timestamp) == 0, position >= 0 else { continue }
            let (end, overflow) = position.addingReportingOverflow(Int64(max(0, size)))
            guard overflow || end > dataSize else { continue }
            earliest = min(earliest ?? timestamp, timestamp)
        }
        guard let earliest else { return nil }
        let (ticks, overflow) = earliest.subtractingReportingOverflow(start)
        return overflow ? 0 : max(0, Double(ticks) * timeBase)
    }
}
