internal import CFFmpeg
import Foundation

/// The window search's keyframes decoded on several decoders at once, each on its own core.
///
/// A lone intra picture gains nothing from frame threads (they need several frames in flight)
/// and x264 writes one slice per picture, so one decoder decodes the search's keyframes one
/// after the other on one core while the other cores wait for their faces. Here the key
/// packets, read first by one demuxer (``VideoDecoder/keyPacket(atOrBefore:isNew:)``), are
/// shared out among ``maxDecoders`` single-threaded decoders, each with its own converter to
/// analysis size. Each picture is decoded alone after a reset, as with one decoder, so the
/// frames are the same whichever decoder made them.
enum KeyframeDecodes {
    /// At most this many decoders: one per core, and each holds a full-size picture or two
    /// (1080p 10-bit: about 6 MB each), so a many-core machine does not multiply the memory
    /// of a dozen-keyframe search.
    static let maxDecoders = 4

    /// The analysis frame of each packet, in the packets' order; nil where a packet gave no
    /// picture. Throws the first error any decoder met (``MediaError``).
    static func analysisFrames(of packets: [KeyPacket], input: MediaInput, shortSide: Int) throws -> [AnalysisFrame?] {
        let decoders = min(packets.count, maxDecoders, ProcessInfo.processInfo.activeProcessorCount)
        guard decoders > 0 else { return [] }
        let results = Results(count: packets.count)
        let shared = SharedInput(input: input)
        DispatchQueue.concurrentPerform(iterations: decoders) { first in
            do {
                let decoder = try VideoDecoder(input: shared.input, threads: 1)
                let converter = AnalysisFrameConverter(input: shared.input, shortSide: shortSide, rgb: false)
                for index in stride(from: first, to: packets.count, by: decoders) {
                    if results.failed || shared.input.interrupt.cancelFired { return }
                    guard let picture = try decoder.decodeAlone(packets[index]) else { continue }
                    results.set(index, .success(try converter.convert(picture)))
                }
            } catch {
                results.set(first, .failure(error))
            }
        }
        releaseFreedMemory()
        if shared.input.interrupt.cancelFired { throw MediaError.cancelled }
        return try results.values.map { try $0?.get() }
    }

    /// Hands the memory the decoders freed back to the system. glibc keeps freed memory in the
    /// arena of the thread that allocated it, and each decoder thread gets its own arena: the
    /// pictures of the second decoder stayed in the process through the transcode, and the
    /// peak RSS of `vaprep prepare` on the 1080p60 bench input rose by 7–10 MiB (measured with
    /// `/usr/bin/time -f %M`, two runs each); trimmed, it is back to one decoder's.
    /// (`malloc_trim` is glibc's and not in Swift's Glibc module: looked up by name, absent elsewhere.)
    private static func releaseFreedMemory() {
        guard let trim = mallocTrim else { return }
        _ = trim(0)
    }

    private nonisolated(unsafe) static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// The input, read by every decoder: each only reads its stream parameters, limits and
    /// interrupt flags (set by the waiting task on cancellation); none touches the demuxer.
    private struct SharedInput: @unchecked Sendable {
        let input: MediaInput
    }

    /// One slot per packet, each written by the one decoder that owns the packet's index
    /// (an error by the decoder's first index), read after all decoders have returned.
    private final class Results: @unchecked Sendable {
        private var storage: [Result<AnalysisFrame, any Error>?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Result<AnalysisFrame, any Error>) {
            lock.lock(); defer { lock.unlock() }
            // The first error wins, whichever slot it lands in.
            if case .failure = value, hasFailure { return }
            storage[index] = value
        }

        var failed: Bool { lock.lock(); defer { lock.unlock() }; return hasFailure }

        var values: [Result<AnalysisFrame, any Error>?] { lock.lock(); defer { lock.unlock() }; return storage }

        /// Whether a decoder has failed (under `lock`; at most a dozen slots).
        private var hasFailure: Bool {
            storage.contains { if case .failure = $0 { true } else { false } }
        }
    }
}
