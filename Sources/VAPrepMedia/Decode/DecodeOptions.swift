/// How ``VideoDecoder`` trades picture quality for speed.
struct DecodeOptions: Sendable, Equatable {
    /// Decoder threads; 0 lets FFmpeg pick one per core.
    var threads: Int = 0
    /// Skip the in-loop deblocking filter (`skip_loop_filter=all`): roughly 10–30% faster
    /// H.264/HEVC decoding with slight blocking, fine for analysis frames, not for output.
    var skipLoopFilter: Bool = false
    /// Decode only reference frames (`skip_frame=nonref`): skips most B-frames, so frames
    /// come out at a lower, uneven rate. For sparse analysis only.
    var skipNonReference: Bool = false

    init(threads: Int = 0, skipLoopFilter: Bool = false, skipNonReference: Bool = false) {
        self.threads = threads
        self.skipLoopFilter = skipLoopFilter
        self.skipNonReference = skipNonReference
    }
}
