import Foundation
import VAPrepCheck
import VAPrepMedia

/// Where in a long clip the face is best: the start of the window a ``ClipJob`` sends, and the
/// faces seen on the way (per sample, in analysis-frame pixels) for stages that want to know
/// where the face is before the transcode.
///
/// The search must not cost a decode of the clip: it reads the **keyframe** at or before each
/// of ``sampleCount`` evenly spread times, each decoded on its own (an intra picture needs no
/// other frame), converted at analysis size, and scores the faces on them. The candidate
/// starts are 0 and the keyframes' times, so with a keyframe every second (phones) every
/// second of the clip is a candidate; with sparse keyframes (an encoder's default of one
/// every 8 s) the candidates are fewer but each still shows the face it is judged by.
/// Only a clip with fewer than ``minimumKeyframes`` distinct keyframes among the samples
/// (one keyframe at the start: nothing to choose between) is sampled at the exact times
/// instead, which decodes up to the whole clip.
public struct WindowSearch: Sendable, Encodable {
    /// The chosen start, seconds from the clip's start.
    public var start: Double
    /// The window length searched for (``WindowRule``).
    public var windowSeconds: Double
    /// Whether the samples are keyframes (the fast path) or exact-time frames (the fallback).
    public var keyframesOnly: Bool
    /// Faces and face metrics per sample, in time order.
    public var samples: [PreCheckReport.Frame]

    /// Times spread over the clip, one per equal slice.
    public static let sampleCount = 12
    /// Fewer distinct keyframes than this and the search samples exact times instead.
    public static let minimumKeyframes = 2

    /// The samples inside the window `[start, start + windowSeconds]`.
    public var samplesInWindow: [PreCheckReport.Frame] { samples(from: start, seconds: windowSeconds) }

    /// The samples inside `[start, start + seconds]` (a plan's window may differ from the one searched for).
    public func samples(from start: Double, seconds: Double) -> [PreCheckReport.Frame] {
        samples.filter { $0.time >= start - 1e-6 && $0.time <= start + seconds + 1e-6 }
    }

    /// Searches the open `source` for the best `windowSeconds`-long window.
    static func run(source: MediaSource, windowSeconds: Double, check: PreCheck) async throws -> WindowSearch {
        let clipSeconds = source.info.durationSeconds
        let times = FrameSampler.evenlySpacedTimes(count: sampleCount, duration: clipSeconds)
        var frames = try await source.keyframes(near: times)
        let keyframesOnly = Set(frames.map(\.time)).count >= minimumKeyframes
        if !keyframesOnly {
            frames = try await source.sampleFrames(at: times)
        }
        let samples = try await analyse(frames, check: check)
        let start = FaceWindow.bestStart(
            frames: samples, windowDuration: windowSeconds, clipDuration: clipSeconds, thresholds: check.thresholds)
        return WindowSearch(start: start, windowSeconds: windowSeconds, keyframesOnly: keyframesOnly, samples: samples)
    }

    /// Faces of every frame, each on a GCD worker (all cores, off the cooperative pool):
    /// detection is the search's main cost.
    static func analyse(_ frames: [AnalysisFrame], check: PreCheck) async throws -> [PreCheckReport.Frame] {
        try await withThrowingTaskGroup(of: (Int, PreCheckReport.Frame).self) { group in
            for (index, frame) in frames.enumerated() {
                group.addTask {
                    let image = GrayImage(width: frame.width, height: frame.height, pixels: frame.luma)
                    return (index, try await BlockingWork.run { check.analyse(image, time: frame.time) })
                }
            }
            var results = [PreCheckReport.Frame?](repeating: nil, count: frames.count)
            for try await (index, analysed) in group { results[index] = analysed }
            return results.compactMap { $0 }
        }
    }
}
