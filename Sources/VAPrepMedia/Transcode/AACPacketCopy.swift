internal import CFFmpeg
import Logging

/// The source's AAC packets inside the window, copied for the output unchanged.
///
/// Re-encoding audio would need decoded samples converted to the AAC encoder's planar
/// float format, i.e. libswresample, which is not among the libraries vaprep links. AAC is
/// what every phone records, so copying its packets keeps the audio bit-exact and costs
/// nothing; other codecs are dropped with a logged note.
final class AACPacketCopy {
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    let timeBase: AVRational
    /// Packets with timestamps still in the source's time base (clip time).
    private(set) var packets: [UnsafeMutablePointer<AVPacket>] = []

    private init(parameters: UnsafeMutablePointer<AVCodecParameters>, timeBase: AVRational) {
        self.parameters = parameters
        self.timeBase = timeBase
    }

    deinit {
        for packet in packets {
            var p: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&p)
        }
        var par: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&par)
    }

    /// Reads the AAC packets of the best audio stream whose time is in `[start, end)`.
    /// Returns nil (and logs why) when there is no audio or it is not AAC. Leaves the input
    /// rewound to its start, where a new `VideoDecoder` expects it.
    static func collect(from input: MediaInput, start: Double, end: Double, cancellation: TranscodeCancellation,
                        logger: Logger) throws -> AACPacketCopy? {
        let context = input.formatContext
        let index = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, input.videoStreamIndex, nil, 0)
        guard index >= 0, let stream = context.pointee.streams[Int(index)] else {
            logger.notice("keepAudio: the clip has no audio stream; the output has none")
            return nil
        }
        guard stream.pointee.codecpar.pointee.codec_id == AV_CODEC_ID_AAC else {
            let name = String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id))
            logger.notice("keepAudio: the clip's audio is \(name), not AAC; it is dropped (re-encoding needs libswresample)")
            return nil
        }
        guard let parameters = avcodec_parameters_alloc() else {
            throw MediaError.ffmpeg(operation: "avcodec_parameters_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        let copy = AACPacketCopy(parameters: parameters, timeBase: stream.pointee.time_base)
        try FFmpegCall.check(avcodec_parameters_copy(parameters, stream.pointee.codecpar), "avcodec_parameters_copy")

        // Only the audio stream is demuxed here: the mov demuxer then skips video samples
        // without reading them.
        let streams = UnsafeBufferPointer(start: context.pointee.streams, count: Int(context.pointee.nb_streams))
        let savedDiscard = streams.map { $0!.pointee.discard }
        for (i, s) in streams.enumerated() { s!.pointee.discard = i == Int(index) ? AVDISCARD_DEFAULT : AVDISCARD_ALL }
        defer {
            for (i, s) in streams.enumerated() { s!.pointee.discard = savedDiscard[i] }
            // VideoDecoder assumes an input nobody has read from is at the start and skips
            // its first seek; put it back there.
            let video = input.videoStream
            let origin = video.pointee.start_time == vaprep_nopts() ? 0 : video.pointee.start_time
            _ = av_seek_frame(context, input.videoStreamIndex, origin, AVSEEK_FLAG_BACKWARD)
        }

        let tb = stream.pointee.time_base
        // The window is within the duration limit (Transcoder checks it); the time base is the file's.
        _ = try FileValue.timeBase(tb)
        let startTicks = av_rescale_q(Int64(start * 1_000_000), AVRational(num: 1, den: 1_000_000), tb)
        let endTicks = av_rescale_q(Int64(end * 1_000_000), AVRational(num: 1, den: 1_000_000), tb)
        let sought = av_seek_frame(context, index, startTicks, AVSEEK_FLAG_BACKWARD)
        if sought < 0 { throw MediaError.reading("seek the audio to \(start) s", sought) }
        guard let packet = av_packet_alloc() else {
            throw MediaError.ffmpeg(operation: "av_packet_alloc", code: vaprep_averror(ENOMEM), message: "out of memory")
        }
        var reader: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&reader) }
        while true {
            try cancellation.check()
            let status = av_read_frame(context, packet)
            if status == FFmpegCall.eof { break }
            if status < 0 { throw MediaError.reading("read the audio", status) }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == index, packet.pointee.pts != vaprep_nopts() else { continue }
            if packet.pointee.pts >= endTicks { break }
            if packet.pointee.pts < startTicks { continue }
            guard let clone = av_packet_clone(packet) else {
                throw MediaError.ffmpeg(operation: "av_packet_clone", code: vaprep_averror(ENOMEM), message: "out of memory")
            }
            copy.packets.append(clone)
        }
        return copy
    }

    /// The packet's time in seconds of clip time.
    func seconds(of packet: UnsafeMutablePointer<AVPacket>) -> Double {
        Double(packet.pointee.pts) * av_q2d(timeBase)
    }
}
