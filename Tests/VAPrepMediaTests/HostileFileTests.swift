import Foundation
import Testing
@testable import VAPrepMedia

/// Every file of the structure-aware generator through probe, sampling and a transcode: a
/// typed error or a valid result, never a trap, and within a time bound; plus the outcome
/// each named class must have.
@Suite("Hostile files from the generator", .enabled(if: HostileMedia.available, "needs python3 and ffmpeg"))
struct HostileFileTests {
    /// Generous: each file is a few KB; the bound catches hangs, not slowness.
    static let secondsPerStep = 10.0

    enum Outcome: Equatable { case ok, failed(MediaError) }

    static func run(_ name: String, limits: MediaLimits = .default) async -> [String: Outcome] {
        let path = HostileMedia.path(name)
        var outcomes: [String: Outcome] = [:]
        func step(_ label: String, _ body: () async throws -> Void) async {
            let started = Date()
            do { try await body(); outcomes[label] = .ok } catch let error as MediaError {
                outcomes[label] = .failed(error)
            } catch { Issue.record("\(name) \(label): untyped \(error)") }
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed < secondsPerStep, "\(name) \(label) took \(elapsed) s")
        }
        await step("probe") { _ = try await MediaProbe.probe(path: path, limits: limits) }
        await step("sample") {
            let frames = try await FrameSampler.sampleFrames(path: path, count: 4, limits: limits)
            #expect(frames.count == 4)
        }
        await step("transcode") {
            let info = try await MediaProbe.probe(path: path, limits: limits)
            let settings = TranscodeSettings(duration: max(0.1, min(2, info.durationSeconds)), outputWidth: 64,
                                             outputHeight: 64, maxFps: nil, analysisTimes: [0.05])
            let result = try await Transcoder.transcode(path: path, limits: limits, settings: settings)
            #expect(result.frameCount > 0)
        }
        for (label, outcome) in outcomes {
            if case .failed(let error) = outcome {
                #expect(error.isInputProblem || error == .cancelled, "\(name) \(label): \(error) is not an input problem")
            }
        }
        return outcomes
    }

    @Test("each generated file ends in a typed input error or a valid result")
    func everyFile() async throws {
        let names = HostileMedia.files.keys.sorted()
        #expect(names.count >= 30, "the generator wrote \(names.count) files")
        for name in names {
            _ = await Self.run(name)
        }
    }

    @Test("Matroska cluster timestamps around 2^62 and 0xB000… do not trap")
    func hugeClusterTimestamps() async {
        let large = await Self.run("mkv-cluster-2p62.mkv")
        #expect(large["probe"] == .ok && large["sample"] == .ok && large["transcode"] == .ok, "\(large)")
        for name in ["mkv-cluster-b000.mkv", "mkv-cluster-wrap.mkv", "mkv-cluster-max-then-zero.mkv"] {
            _ = await Self.run(name)   // typed errors are fine; a trap would end the test process
        }
        // Alternating 0xB000… (negative as int64) and 2^62: the difference overflows int64.
        // This file killed the process (exit 132) in the decoder's packet loop before.
        let mixed = await Self.run("mkv-cluster-mixed.mkv")
        guard case .failed(.corrupt(let detail)) = mixed["sample"] else { Issue.record("\(mixed)"); return }
        #expect(detail.contains("too far apart"))
    }

    @Test("an MP4 with time scale 2^31−1 and one-tick samples is corrupt at probe time (2147483647 fps)")
    func absurdTimeScale() async {
        let outcome = await Self.run("mp4-timescale-2p31-1tick.mp4")
        guard case .failed(.corrupt(let detail)) = outcome["probe"] else { Issue.record("\(outcome)"); return }
        #expect(detail.contains("2147483647/1"))
    }

    @Test("lying sizes and stream counts are refused by name before decoding", arguments: [
        ("mkv-declared-8192.mkv", "pixels"), ("mp4-dims-65535.mp4", "pixels"),
        ("mkv-40-tracks.mkv", "streams"), ("mp4-41-tracks.mp4", "streams"),
    ])
    func lyingHeaders(name: String, limit: String) async {
        let path = HostileMedia.path(name)   // generated before the clock starts
        let started = Date()
        let error = await #expect(throws: MediaError.self) { try await MediaProbe.probe(path: path) }
        guard case .limitExceeded(let tripped, _, _) = error else { Issue.record("\(name): \(String(describing: error))"); return }
        #expect(tripped == limit)
        #expect(Date().timeIntervalSince(started) < 1, "refusing \(name) took too long")
    }

    @Test("sample tables pointing past the end are a truncated file")
    func tablesPastTheEnd() async {
        // (2 GB sample sizes are not indexed at all by the mov demuxer: that file is in `everyFile`.)
        for name in ["mp4-chunks-past-end.mp4"] {
            let error = await #expect(throws: MediaError.self) { try await MediaProbe.probe(path: HostileMedia.path(name)) }
            guard case .truncated = error else { Issue.record("\(name): \(String(describing: error))"); continue }
        }
    }

    @Test("a zeroed or 12800 fps AVI header is an input problem, not a usage or internal error")
    func lyingAVI() async {
        for name in ["avi-rate-12800.avi", "avi-zeroed-header.avi", "avi-zero-rate.avi"] {
            let outcome = await Self.run(name)
            for (label, result) in outcome {
                if case .failed(let error) = result { #expect(error.isInputProblem, "\(name) \(label): \(error)") }
            }
        }
    }
}
