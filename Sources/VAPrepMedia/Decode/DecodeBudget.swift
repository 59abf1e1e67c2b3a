internal import CFFmpeg

/// The work one decode may do: ``MediaLimits/decodeDeadlineSeconds`` of wall clock and
/// ``MediaLimits/maxDecodedPixels`` of decoded frames × pixels, both ending in
/// ``MediaError/limitExceeded(limit:value:max:)``.
///
/// Why both: the deadline bounds a decode that is slow per frame (a hostile bitstream
/// that makes every frame expensive); the pixel budget bounds one that is cheap per frame
/// but endless (a file that declares 0.03 s and carries 3,000 frames), independent of the
/// machine's speed. The deadline is also armed on the input's interrupt callback, so a
/// demuxer read that would spin past it is aborted inside FFmpeg.
struct DecodeBudget {
    let limits: MediaLimits
    private let deadlineMicroseconds: Int64
    private(set) var decodedPixels = 0

    init(limits: MediaLimits, interrupt: InterruptState) {
        self.limits = limits
        let seconds = max(0, limits.decodeDeadlineSeconds)
        deadlineMicroseconds = vaprep_now_us() + Int64(min(seconds, 1e9) * 1_000_000)
        interrupt.arm(seconds: min(seconds, 1e9))
    }

    /// Charges one decoded frame of `width` × `height`.
    mutating func charge(width: Int32, height: Int32) throws {
        let (pixels, overflow1) = Int(max(0, width)).multipliedReportingOverflow(by: Int(max(0, height)))
        let (total, overflow2) = decodedPixels.addingReportingOverflow(pixels)
        decodedPixels = overflow1 || overflow2 ? Int.max : total
        if decodedPixels > limits.maxDecodedPixels {
            throw MediaError.limitExceeded(limit: "decodedPixels", value: "more than \(limits.maxDecodedPixels)",
                                           max: "\(limits.maxDecodedPixels)")
        }
        try checkDeadline()
    }

    /// Throws once the wall-clock budget is spent.
    func checkDeadline() throws {
        if vaprep_now_us() > deadlineMicroseconds { throw deadlineError }
    }

    var deadlineError: MediaError {
        .limitExceeded(limit: "decodeSeconds", value: "more than \(limits.decodeDeadlineSeconds)",
                       max: "\(limits.decodeDeadlineSeconds)")
    }
}
