import ArgumentParser
import ExtrasBase64
import Foundation
import VAPrepPayload

/// `vaprep-bench base64`: our encoder against Foundation, swift-extras-base64, coreutils and
/// memcpy, on the same random buffers in the same run, single thread.
struct Base64Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "base64",
        abstract: "Base64 encode throughput (GB/s of input) against other encoders and memcpy.",
        discussion: """
            Cases: a 10 MiB buffer (memory-bound) and a 64 KiB buffer (cache-resident), filled with
            random bytes. "ours-*" write into a reused buffer unless named "-alloc"; Foundation and
            swift-extras return new objects, as their APIs do. coreutils is the whole
            `base64 -w0 FILE > /dev/null` process. Also streams a large temp file through the
            form-escaped chunk sequence in a child process and reports its peak memory.
            """,
        subcommands: [Base64StreamFileChild.self]
    )

    @OptionGroup var options: BenchOptions

    @Option(name: .long, help: "Size in MiB of the temp file streamed in a child process (0 = skip).")
    var streamFileMib = 1024

    @Flag(name: .long, help: "Skip the coreutils process runs.")
    var noCoreutils = false

    func run() throws {
        try Base64Kernel.force(.auto)
        var report = BenchReport(title: "base64 encode, GB/s of input (best of \(options.repetitions); median; spread = (worst-best)/median); kernel \(Base64Kernel.active)")
        let cases = [("10MiB", 10 * 1024 * 1024), ("64KiB", 64 * 1024)]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Child processes first, while this process is still small: Linux carries the parent's
        // peak RSS into a posix_spawn'ed child's ru_maxrss (vfork + exec keeps the high-water mark).
        for (name, size) in cases {
            try writeRandomFile(at: "\(directory)/\(name).bin", bytes: size)
            if !noCoreutils { try coreutils(name: name, path: "\(directory)/\(name).bin", size: size, into: &report) }
        }
        if streamFileMib > 0 { try runStreamFile(mib: streamFileMib, directory: directory, into: &report) }
        for (name, size) in cases {
            let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).bin")))
            precondition(input.count == size)
            try runCase(name: name, input: input, into: &report)
        }
        report.print(json: options.json)
    }

    /// Random bytes written in 1 MiB blocks, so this process never holds the whole file.
    private func writeRandomFile(at path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("Cannot create \(path)")
        }
        // SplitMix64, 8 bytes per step: SystemRandomNumberGenerator per byte made a 1 GiB file
        // take minutes of getrandom() calls.
        var state = UInt64(truncatingIfNeeded: monotonicSeconds().bitPattern)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var left = bytes
        while left > 0 {
            let n = min(left, block.count)
            block.withUnsafeMutableBytes { raw in
                for i in stride(from: 0, to: raw.count, by: 8) {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var z = state
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    raw.storeBytes(of: z ^ (z >> 31), toByteOffset: i, as: UInt64.self)
                }
            }
            handle.write(Data(block[..<n]))
            left -= n
        }
        try handle.close()
    }

    private func runCase(name: String, input: [UInt8], into report: inout BenchReport) throws {
        let size = input.count
        let data = Data(input)
        // Small inputs repeat inside one timed sample so that a sample is ~1 ms, well above the
        // clock's resolution; throughput divides by the total bytes.
        let inner = max(1, (4 << 20) / size)
        let bytesPerSample = size * inner
        var plain = [UInt8](repeating: 0, count: VAPrepPayload.Base64.encodedLength(byteCount: size) + 64)
        var escaped = [UInt8](repeating: 0, count: FormEscaper.maxEscapedBase64Length(byteCount: size))
        var copy = [UInt8](repeating: 0, count: size)
        let reps = options.repetitions, warm = options.warmup

        func time(_ impl: String, _ body: () throws -> Void) rethrows {
            let stats = try measure(repetitions: reps, warmup: warm) { for _ in 0..<inner { try body() } }
            report.addThroughput(case: name, impl: impl, stats: stats, bytes: bytesPerSample)
        }

        // memcpy first and last: if the two disagree a lot, the machine was busy (see notes).
        input.withUnsafeBytes { i in copy.withUnsafeMutableBytes { o in
            time("memcpy") { memcpy(o.baseAddress!, i.baseAddress!, size) }
        } }
        input.withUnsafeBytes { i in plain.withUnsafeMutableBytes { o in
            time("ours-oneshot") { VAPrepPayload.Base64.encode(i, into: o) }
        } }
        input.withUnsafeBytes { i in plain.withUnsafeMutableBytes { o in
            time("ours-stream-64KiB") { Self.stream(i, into: o, chunk: 65536) }
        } }
        input.withUnsafeBytes { i in escaped.withUnsafeMutableBytes { o in
            time("ours-escaped") { FormEscaper.encodeEscaped(i, into: o) }
        } }
        input.withUnsafeBytes { i in
            time("ours-escaped-length") { blackHole(FormEscaper.escapedBase64Length(of: i)) }
        }
        time("ours-oneshot-alloc") { blackHole(VAPrepPayload.Base64.encode(input)) }
        // Forced kernels: scalar (the portable floor) and AVX2 (what CPUs without AVX-512 get).
        for kernel in [Base64Kernel.scalar, .avx2] where kernel.isSupported && kernel != Base64Kernel.active {
            try Base64Kernel.force(kernel)
            input.withUnsafeBytes { i in plain.withUnsafeMutableBytes { o in
                time("ours-\(kernel)") { VAPrepPayload.Base64.encode(i, into: o) }
            } }
            input.withUnsafeBytes { i in escaped.withUnsafeMutableBytes { o in
                time("ours-\(kernel)-escaped") { FormEscaper.encodeEscaped(i, into: o) }
            } }
            try Base64Kernel.force(.auto)
        }
        time("foundation-string") { blackHole(data.base64EncodedString()) }
        time("foundation-data") { blackHole(data.base64EncodedData()) }
        time("swift-extras-base64") { blackHole(ExtrasBase64.Base64.encodeToBytes(bytes: input)) }
        input.withUnsafeBytes { i in copy.withUnsafeMutableBytes { o in
            time("memcpy-again") { memcpy(o.baseAddress!, i.baseAddress!, size) }
        } }

        func best(_ impl: String) -> Double { report.value(case: name, impl: impl, metric: "GB/s") ?? .nan }
        let memcpyBest = max(best("memcpy"), best("memcpy-again"))
        report.addRatio(case: name, metric: "ours-oneshot/foundation-string", value: best("ours-oneshot") / best("foundation-string"))
        report.addRatio(case: name, metric: "ours-oneshot-alloc/foundation-string", value: best("ours-oneshot-alloc") / best("foundation-string"))
        report.addRatio(case: name, metric: "ours-oneshot/memcpy", value: best("ours-oneshot") / memcpyBest)
        report.addRatio(case: name, metric: "ours-stream/ours-oneshot", value: best("ours-stream-64KiB") / best("ours-oneshot"))
        report.addRatio(case: name, metric: "ours-escaped/ours-oneshot", value: best("ours-escaped") / best("ours-oneshot"))
        report.addRatio(case: name, metric: "ours-scalar/foundation-string", value: best("ours-scalar") / best("foundation-string"))
        report.addRatio(case: name, metric: "ours-avx2/memcpy", value: best("ours-avx2") / memcpyBest)
        report.addRatio(case: name, metric: "ours-avx2-escaped/ours-avx2", value: best("ours-avx2-escaped") / best("ours-avx2"))
        report.addRatio(case: name, metric: "swift-extras/foundation-string", value: best("swift-extras-base64") / best("foundation-string"))
        report.addRatio(case: name, metric: "memcpy-again/memcpy", value: best("memcpy-again") / best("memcpy"))
    }

    /// Streams `input` through a Base64StreamEncoder in `chunk`-byte pieces, output contiguous.
    static func stream(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, chunk: Int) {
        var encoder = Base64StreamEncoder()
        var written = 0
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + chunk)
            written += encoder.encode(UnsafeRawBufferPointer(rebasing: input[offset..<end]),
                                      into: UnsafeMutableRawBufferPointer(rebasing: output[written...]))
            offset = end
        }
        _ = encoder.finish(into: UnsafeMutableRawBufferPointer(rebasing: output[written...]))
    }

    private func coreutils(name: String, path: String, size: Int, into report: inout BenchReport) throws {
        var runs: [ProcessRunner.Run] = []
        for index in 0..<(options.warmup + options.repetitions) {
            let run = try ProcessRunner.run("base64", ["-w0", path])
            guard run.exitStatus == 0 else { throw ValidationError("base64 -w0 exited with \(run.exitStatus)") }
            if index >= options.warmup { runs.append(run) }
        }
        let stats = Stats(samples: runs.map(\.wallSeconds))
        report.addThroughput(case: name, impl: "coreutils-base64-process", stats: stats, bytes: size)
        report.add(case: name, impl: "coreutils-base64-process", metric: "peak RSS", value: Double(runs.map(\.peakRSSBytes).max()!) / 1048576, unit: "MiB")
        // The floor ru_maxrss can show for any child of this process (see run()).
        let floor = try ProcessRunner.run("true", [])
        report.add(case: name, impl: "true-process (RSS floor)", metric: "peak RSS", value: Double(floor.peakRSSBytes) / 1048576, unit: "MiB")
    }

    /// Writes a temp file of `mib` MiB and streams it form-escaped in a child process, so the
    /// child's peak RSS shows the memory the streaming path really needs.
    private func runStreamFile(mib: Int, directory: String, into report: inout BenchReport) throws {
        let path = "\(directory)/stream.bin"
        try writeRandomFile(at: path, bytes: mib << 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let hwmPath = "\(directory)/hwm.txt"
        let baseline = try ProcessRunner.run(executable, ["base64", "stream-file", "--baseline", path], stdoutPath: hwmPath)
        let baselineHWM = Double((try? String(contentsOfFile: hwmPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? .nan
        let run = try ProcessRunner.run(executable, ["base64", "stream-file", path], stdoutPath: hwmPath)
        let runHWM = Double((try? String(contentsOfFile: hwmPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? .nan
        guard run.exitStatus == 0, baseline.exitStatus == 0 else { throw ValidationError("stream-file child failed") }
        let caseName = "file-\(mib)MiB"
        let impl = "ours-chunk-sequence-escaped"
        report.add(case: caseName, impl: impl, metric: "GB/s incl. length pass", value: Double(mib << 20) / run.wallSeconds / 1e9, unit: "GB/s")
        report.add(case: caseName, impl: impl, metric: "peak RSS", value: runHWM / 1024, unit: "MiB")
        report.add(case: caseName, impl: "process-baseline", metric: "peak RSS", value: baselineHWM / 1024, unit: "MiB")
        report.add(case: caseName, impl: impl, metric: "RSS over baseline", value: (runHWM - baselineHWM) / 1024, unit: "MiB")
    }
}

/// Child process for the memory check: streams a file through Base64ChunkSequence (form-escaped,
/// 64 KiB chunks) and discards the output, like an HTTP body writer would after sending.
struct Base64StreamFileChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-file", abstract: "(internal) stream a file for the memory check.", shouldDisplay: false)

    @Argument var path: String
    @Flag var baseline = false

    func run() async throws {
        let sequence = Base64ChunkSequence(fileAt: path, formEscaped: true)
        if baseline {
            // Same code loaded and a first chunk made, but no streaming of the rest.
            var iterator = sequence.makeAsyncIterator()
            _ = try await iterator.next()
            Self.printHighWaterMark()
            return
        }
        let expected = try sequence.contentLength()
        var total = 0
        for try await chunk in sequence { total += chunk.count }
        guard total == expected else { throw ValidationError("streamed \(total) bytes, expected \(expected)") }
        Self.printHighWaterMark()
    }

    /// This process's own peak RSS (VmHWM, KiB): unlike ru_maxrss it starts afresh at exec.
    static func printHighWaterMark() {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        print(line.split(separator: " ").dropFirst().first ?? "nan")
    }
}
