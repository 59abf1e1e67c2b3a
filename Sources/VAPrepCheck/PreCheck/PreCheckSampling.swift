/// Where the pre-check looks in a span of a clip: the frame times, and which frames form each pair.
///
/// A pair is one moment seen in three frames: at `t`, and ``PreCheck/pairGaps`` (0.25 s and
/// 0.4 s) later. Its motion is measured from the first frame towards each later one, and the
/// larger of the two counts. Two gaps, because a motion that repeats (speech at a steady
/// syllable rate, rhythmic blinking) shows the same picture in two frames one period apart:
/// at one gap a face speaking at 2.5 Hz looks as still as a photo, but no rhythm slower than
/// 20 Hz repeats at both 0.25 s and 0.4 s (its period would have to divide 0.05 s).
///
/// ```swift
/// let sampling = PreCheckSampling(duration: 5)          // 12 pairs over 5 s
/// let frames = sampling.times.map { t in (time: t, image: grayFrame(at: t)) }
/// let report = try PreCheck().evaluate(frames: frames, pairs: sampling.pairs, clip: facts)
/// ```
public struct PreCheckSampling: Sendable, Equatable {
    /// Seconds from the start of the span, ascending (on a short span one pair's later frames
    /// can come after the next pair's first frame).
    public var times: [Double]
    /// Each pair as indices into ``times``: the first frame, then the later frames its motion
    /// is measured towards.
    public var pairs: [[Int]]

    /// `pairs` pairs spread evenly over `duration` seconds; a later frame that would fall at or
    /// after the end is left out of its pair.
    public init(duration: Double, pairs count: Int = PreCheck.standardPairCount) {
        times = []; pairs = []
        guard duration > 0, count > 0 else { return }
        let longest = PreCheck.pairGaps.max() ?? 0
        let usable = max(0, duration - longest - 0.05)
        // (time, pair, position in the pair), sorted by time, so that frames can be tapped from
        // one forward decode; the pairs then point at the sorted positions.
        var entries: [(time: Double, pair: Int, slot: Int)] = []
        for pair in 0..<count {
            let start = usable * (Double(pair) + 0.5) / Double(count)
            entries.append((start, pair, 0))
            for (slot, gap) in PreCheck.pairGaps.enumerated() where start + gap < duration {
                entries.append((start + gap, pair, slot + 1))
            }
        }
        entries.sort { ($0.time, $0.pair, $0.slot) < ($1.time, $1.pair, $1.slot) }
        var members = [[(slot: Int, index: Int)]](repeating: [], count: count)
        for (index, entry) in entries.enumerated() { members[entry.pair].append((entry.slot, index)) }
        times = entries.map(\.time)
        pairs = members.map { $0.sorted { $0.slot < $1.slot }.map(\.index) }
    }

    /// The same sampling moved `seconds` later (a window that starts inside the clip).
    public func offset(by seconds: Double) -> PreCheckSampling {
        var moved = self
        moved.times = times.map { $0 + seconds }
        return moved
    }
}
