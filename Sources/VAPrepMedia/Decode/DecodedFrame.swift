internal import CFFmpeg

/// One decoded video frame, owned: the `AVFrame` is freed when the last reference goes.
///
/// This is the hand-off between the decoder and everything that consumes its frames
/// (the transcoder, the analysis sampler). It never leaves `VAPrepMedia`.
final class DecodedFrame {
    /// The frame FFmpeg filled; valid for the lifetime of this object.
    let pointer: UnsafeMutablePointer<AVFrame>
    /// Presentation time in seconds from the start of the stream (the first frame of a
    /// clip is at or near 0; a window's frames are not rebased here).
    let seconds: Double

    /// Takes ownership of `pointer`.
    init(taking pointer: UnsafeMutablePointer<AVFrame>, seconds: Double) {
        self.pointer = pointer
        self.seconds = seconds
    }

    var width: Int { Int(pointer.pointee.width) }
    var height: Int { Int(pointer.pointee.height) }
    var pixelFormat: AVPixelFormat { AVPixelFormat(rawValue: pointer.pointee.format) }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}
