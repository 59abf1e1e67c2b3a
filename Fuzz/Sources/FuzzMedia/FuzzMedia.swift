import CLibFuzzer
import Foundation
import VAPrepMedia
#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry: any bytes as an uploaded clip, through what a service does with one:
/// open and probe it under the default ``MediaLimits`` (the same safe-open rules as a path:
/// container whitelist, file protocol only, deadlines) and decode its first frames.
/// A thrown error is a correct answer; a trap, a sanitizer report, a hang (libFuzzer's
/// `-timeout`) or a memory blow-up (`-rss_limit_mb`) is a finding.
///
/// The bytes reach FFmpeg as an anonymous memory file (`memfd_create`, no name on disk)
/// read through `/proc/self/fd/N`, the way `PrivateTempFile` in the CLI hands bytes to path-only readers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMedia(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let fd = vaprep_fuzz_memfd("vaprep-fuzz")
    precondition(fd >= 0, "memfd_create failed: \(errno)")
    defer { close(fd) }
    var written = 0
    while written < size, let data {
        let n = write(fd, data + written, size - written)
        precondition(n > 0 || errno == EINTR, "write to memfd failed: \(errno)")
        if n > 0 { written += n }
    }
    let path = "/proc/self/fd/\(fd)"
    blockOn { try? await exercise(path: path) }
    return 0
}

/// The pipeline's first steps on one clip; stops at the first typed error.
private func exercise(path: String) async throws {
    let source = try await MediaSource.open(path: path)
    let times = [0, 0.04, 0.5].filter { $0 < max(source.info.durationSeconds, 0.04) }
    _ = try await FrameSampler.sampleFrames(path: path, at: times, shortSide: 48)
}

/// Runs `body` to completion from libFuzzer's synchronous callback. The callback runs on
/// libFuzzer's own thread, never on the cooperative pool, so waiting here cannot starve it.
private func blockOn(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}
