internal import CFFmpeg
import Foundation
import Logging

/// Cuts a window out of a clip and re-encodes it as a compact, upright, 8-bit H.264 MP4 in
/// memory, while tapping analysis frames from the same decode.
///
/// ```swift
/// let settings = TranscodeSettings(start: 1, duration: 5, outputWidth: 720, outputHeight: 1280,
///                                  maxFps: 30, maxRateBitsPerSecond: 6_000_000,
///                                  analysisTimes: [1.5, 3.5])
/// let result = try await Transcoder.transcode(path: "selfie.mov", settings: settings) { fraction in
///     print("\(Int(fraction * 100)) %")
/// }
/// try Data(result.mp4).write(to: URL(filePath: "out.mp4"))
/// ```
///
/// What comes out: `moov` before `mdat`; H.264 High, `yuv420p` 8-bit, BT.709 (HDR input is
/// tone-mapped, see `ToneMapper`); the display rotation applied to the pixels, no rotation
/// matrix; t = 0 at the first frame of the window (the cut is frame-accurate: the decoder
/// starts at the keyframe before the window and drops what precedes it); frames over
/// `maxFps` dropped, timestamps kept; AAC audio copied when `keepAudio` and the source has it.
///
/// Cancelling the calling task stops the work at the next frame or packet and throws
/// ``MediaError/cancelled``; every FFmpeg object is freed by its owner on the way out.
/// The work runs off Swift's cooperative pool (CPU-bound C code must not occupy it): decoding
/// on a GCD worker thread, which also calls `progress`, and the picture and encoding stages on
/// two ``StageThreads`` threads.
public enum Transcoder {
    static let logger = Logger(label: "vaprep.transcode")

    /// The pipeline's measured settings, in one place. Two levers were measured and left out:
    /// skipping deblocking when downscaling saved ~0.14 s of 1.5 s decode CPU on a 1080p30
    /// clip to 720×1280 but cost 0.003 SSIM and 27 % more bytes (x264 re-codes the block edges
    /// the filter would have smoothed); decoding only reference frames under an fps cap kept
    /// uneven frames that depend on the source's GOP.
    struct Tuning: Sendable {
        /// Decoder threads: one per core plus two (cores counted up to 16). A frame thread
        /// waits for the rows of its reference picture that another thread is still decoding,
        /// and with one thread per core each such wait leaves a core idle; spare threads fill
        /// it. It counts where the decoder is most of the work, as with an HEVC 10-bit source
        /// and the small picture face weighting encodes. `vaprep prepare` on the HEVC 10-bit
        /// HLG face bench input (2 cores, medians of 6–8 alternating runs): 2.44 s with one
        /// thread per core, 2.34 s with one spare, 2.27 s with two. On the H.264 bench inputs
        /// (face, no face, 60 fps) one spare changed the time by −4 % to +1 %, a second one by
        /// −1.5 % to +1.5 %. Peak memory rose 6–12 MB per spare thread (each holds a picture).
        var decoderThreads = Tuning.threadsPerCodec + 2
        /// x264 threads: one per core (at most 16). x264's own default (1.5 × cores) was no
        /// faster here, with three threads of work already in the pipeline, and each extra
        /// encoder thread holds pictures.
        var encoderThreads = Tuning.threadsPerCodec
        /// Bicubic luma, bilinear chroma (`SWS_BICUBLIN`). Measured against all-bicubic on the
        /// 1080p → 720×1280 benchmark inputs: 3 % less wall time, SSIM −0.0012…−0.0016, and
        /// payloads 15 % smaller (the softer chroma costs x264 fewer bits). Faces are matched
        /// on luma, which keeps the sharper filter. Plain bilinear cost 0.0055 SSIM.
        var scaleFlags: Int32 = SWS_BICUBLIN
        /// Items waiting between pipeline stages (see `FrameHandoff`): decoded frames (3 MB
        /// each at 1080p, held from the decoder's pool) and output pictures (1.4 MB at
        /// 720×1280). One and two were as fast as deeper queues, with less memory.
        var decodedCapacity = 1
        var pictureCapacity = 2
        static let standard = Tuning()
        static var threadsPerCodec: Int { min(16, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
    }

    /// Transcodes `settings.start ..< settings.start + settings.duration` of the clip at `path`.
    /// - Parameters:
    ///   - limits: bounds for opening the input (size, pixels, duration, deadline).
    ///   - progress: called with the fraction of the window decoded (0…1), on the decoding thread.
    /// - Throws: ``MediaError`` — the input's problems (not found, corrupt, limits…),
    ///   `.cancelled`, or `.ffmpeg` for encoder/muxer failures.
    public static func transcode(path: String, limits: MediaLimits = .default, settings: TranscodeSettings,
                                 progress: (@Sendable (Double) -> Void)? = nil) async throws -> TranscodeResult {
        try await run(path: path, limits: limits, settings: settings, tuning: .standard, progress: progress)
    }

    static func run(path: String, limits: MediaLimits, settings: TranscodeSettings, tuning: Tuning,
                    progress: (@Sendable (Double) -> Void)?) async throws -> TranscodeResult {
        try await run(tuning: tuning) { cancellation in
            try cancellation.check()
            let input = try MediaInput.open(path: path, limits: limits)
            return try transcodeNow(input: input, settings: settings, tuning: tuning,
                                    cancellation: cancellation, progress: progress)
        }
    }

    /// Transcodes a window of a clip that is already open (see ``MediaSource``: no second probe).
    /// Transcodes of one source run one after another.
    /// - Throws: as ``transcode(path:limits:settings:progress:)``.
    public static func transcode(source: MediaSource, settings: TranscodeSettings,
                                 progress: (@Sendable (Double) -> Void)? = nil) async throws -> TranscodeResult {
        try await run(tuning: .standard) { cancellation in
            try source.withInput { input in
                try transcodeNow(input: input, settings: settings, tuning: .standard,
                                 cancellation: cancellation, progress: progress)
            }
        }
    }

    /// Runs the transcode off the Swift concurrency pool (see `TranscodeCancellation` for why) and
    /// forwards the task's cancellation to it.
    private static func run(tuning: Tuning,
                            _ work: @escaping @Sendable (TranscodeCancellation) throws -> TranscodeResult) async throws -> TranscodeResult {
        let cancellation = TranscodeCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TranscodeResult, Error>) in
                // A GCD worker, not a new Thread per call: glibc gives every new thread its own
                // malloc arena, and a fresh thread per transcode grew RSS by ~1.5 MB a call
                // until the arena cap (measured flat with MALLOC_ARENA_MAX=1, i.e. no leak).
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(with: Result { try work(cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Refuses a window no clip can have, before anything is opened.
    private static func validate(_ settings: TranscodeSettings) throws {
        guard settings.duration > 0, settings.start >= 0, settings.start.isFinite, settings.duration.isFinite else {
            throw MediaError.ffmpeg(operation: "TranscodeSettings(start: \(settings.start), duration: \(settings.duration))",
                                    code: vaprep_averror(EINVAL),
                                    message: "the window needs start ≥ 0 and duration > 0")
        }
    }

    /// The transcode itself, on the calling (worker) thread, from an opened input in any
    /// state (a previous transcode may have read it to its end).
    static func transcodeNow(input: MediaInput, settings: TranscodeSettings, tuning: Tuning,
                             cancellation: TranscodeCancellation,
                             progress: (@Sendable (Double) -> Void)?) throws -> TranscodeResult {
        try cancellation.check()
        if settings.duration == 0, input.info.durationSeconds == 0 {
            // A window planned from a clip whose container declares no duration (a zeroed AVI
            // header): the file is at fault, not the caller.
            throw MediaError.impossible("the \(input.info.format) container declares no duration, so no window can be cut")
        }
        try validate(settings)
        cancellation.attach(input.interrupt)
        defer { cancellation.detach() }
        let video = input.info.video
        let end = settings.start + settings.duration
        if end > input.limits.maxDurationSeconds {
            // Decoded frame times are bounded by the same limit (VideoDecoder), and the audio
            // copy turns the window into ticks: a window beyond it is a caller's mistake.
            throw MediaError.ffmpeg(operation: "Transcoder window", code: vaprep_averror(EINVAL),
                                    message: "the window ends at \(end) s, past the \(input.limits.maxDurationSeconds) s "
                                        + "duration limit")
        }
        if input.info.durationSeconds > 0, settings.start >= input.info.durationSeconds {
            // A caller's mistake (the plan picks windows inside the clip), not the file's fault.
            throw MediaError.ffmpeg(operation: "Transcoder window", code: vaprep_averror(EINVAL),
                                    message: "the window starts at \(settings.start) s but the clip lasts "
                                        + "\(input.info.durationSeconds) s; choose a start inside the clip")
        }
        let orientation = Orientation(clockwise: video.rotation, flipped: video.flipped)
        // An input used before may have streams switched off by the last transcode.
        let streams = UnsafeBufferPointer(start: input.formatContext.pointee.streams,
                                          count: Int(input.formatContext.pointee.nb_streams))
        for stream in streams { stream!.pointee.discard = AVDISCARD_DEFAULT }
        let audio = settings.keepAudio
            ? try AACPacketCopy.collect(from: input, start: settings.start, end: end,
                                        cancellation: cancellation, logger: logger) : nil

        // Only video is demuxed while decoding (the audio, if kept, was read above).
        for (index, stream) in streams.enumerated() where index != Int(input.videoStreamIndex) {
            stream!.pointee.discard = AVDISCARD_ALL
        }

        let decoder = try VideoDecoder(input: input, threads: tuning.decoderThreads)
        let session = try TranscodeSession(settings: settings, orientation: orientation,
                                           sourceFps: video.fps > 0 ? video.fps : nil, audio: audio,
                                           encoderThreads: tuning.encoderThreads,
                                           scaleFlags: tuning.scaleFlags)
        var tap = AnalysisTap(times: settings.analysisTimes, windowStart: settings.start, windowEnd: end,
                              shortSide: settings.analysisShortSide, orientation: orientation)
        var reported = -1
        // Three stages on three threads, so that two cores stay busy: this thread feeds the
        // decoder (whose own threads do the decoding), the next makes the output pictures
        // (scale, tone map, rotate), the last drives x264 and the muxer. Measured on 2 cores,
        // 1080p30 to 720×1280: 1.72 s against 1.78 s with the pictures made on the encoding
        // thread, 1.80 s with them made on this one, and 1.9 s with no stages at all.
        let encoding = FrameHandoff<OutputPicture>(capacity: tuning.pictureCapacity, name: "vaprep.encode") { picture in
            try cancellation.check()
            try session.encode(picture)
        }
        defer { encoding.abandon() }
        let converting = FrameHandoff<DecodedFrame>(capacity: tuning.decodedCapacity, name: "vaprep.convert") { frame in
            if let picture = try session.picture(from: frame.pointer, seconds: frame.seconds) {
                try encoding.send(picture)
            }
        }
        defer { converting.abandon() }
        try decoder.decode(from: settings.start, to: end) { frame in
            try cancellation.check()
            try tap.offer(frame)
            try converting.send(frame)
            if let progress {
                let percent = Int(min(1, max(0, (frame.seconds - settings.start) / settings.duration)) * 100)
                if percent > reported { reported = percent; progress(Double(percent) / 100) }
            }
            return true
        }
        try converting.finish()
        try encoding.finish()
        try cancellation.check()
        guard session.frameCount > 0 else {
            throw MediaError.unreadable("no video frame could be decoded between \(settings.start) s and \(end) s")
        }
        let (mp4, duration) = try session.finish()
        progress?(1)
        return TranscodeResult(mp4: mp4, frameCount: session.frameCount, durationSeconds: duration,
                               analysisFrames: tap.frames, weightedFrameCount: session.weightedFrameCount)
    }
}
