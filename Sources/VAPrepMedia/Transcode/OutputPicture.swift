internal import CFFmpeg

/// One picture ready for the encoder: converted to 8-bit `yuv420p` BT.709, upright, at the
/// output size, with its output timestamp. Owns its `AVFrame` (freed in `deinit`), so it can
/// wait in a queue between the thread that makes it and the thread that encodes it.
final class OutputPicture {
    /// The picture; `pts` is set, in ``TranscodeSession/timeBase`` units from the window start.
    let frame: UnsafeMutablePointer<AVFrame>
    /// Clip time (seconds) of the window's first kept frame: the output's t = 0.
    let origin: Double

    init(taking frame: UnsafeMutablePointer<AVFrame>, origin: Double) {
        self.frame = frame
        self.origin = origin
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&owned)
    }
}
