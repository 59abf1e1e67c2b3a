import VAPrepCheck
import VAPrepMedia

/// The face track of a plan's window, for ``FaceWeighting``: the main face on keyframes spread
/// over the window, so every encoded frame has a box (interpolated between them).
///
/// Keyframes only, as the window search does (``WindowSearch``): each is decoded on its own
/// at analysis size, never a second decode of the window. Samples the search already analysed
/// inside the window are reused, and their keyframes are not decoded again. With phone keyframes (one a second) a 5 s window costs about
/// five keyframe decodes and detections; a clip with sparse keyframes gives fewer samples and
/// the box is held between them.
enum WindowFaceTrack {
    /// Seconds between the times sampled over the window.
    static let spacing = 1.0

    /// The track of `start ..< start + duration`, or nil when no sample shows a face (the
    /// encode is then today's, byte for byte).
    static func make(source: MediaSource, start: Double, duration: Double,
                     known: [PreCheckReport.Frame], check: PreCheck) async throws -> FaceTrack? {
        let end = start + duration
        var times: [Double] = []
        var time = start
        while time < end - spacing / 2 { times.append(time); time += spacing }
        times.append(end)
        let wanted = times.filter { t in !known.contains { abs($0.time - t) < spacing / 2 } }
        var analysed = known
        if !wanted.isEmpty {
            let frames = try await source.keyframes(near: wanted, known: known.map(\.time))
            analysed += try await WindowSearch.analyse(frames, check: check)
        }
        return FaceTrack(samples: analysed.map { frame in
            guard let face = frame.faces.first else { return FaceTrack.Sample(time: frame.time, box: nil) }
            return FaceTrack.Sample(time: frame.time, x: face.x, y: face.y, width: face.width, height: face.height,
                                    frameWidth: frame.width, frameHeight: frame.height)
        })
    }
}
