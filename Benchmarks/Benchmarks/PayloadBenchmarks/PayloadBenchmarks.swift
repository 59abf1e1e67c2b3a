// Tracks the payload encoder over time with package-benchmark (throughput + allocations), so a
// regression shows up in `swift package --disable-sandbox benchmark baseline compare`. The
// head-to-head comparison with other encoders is `vaprep-bench base64`.
import Benchmark
import VAPrepPayload

private func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    for (name, size) in [("64KiB", 64 * 1024), ("10MiB", 10 * 1024 * 1024)] {
        let input = randomBytes(size)

        Benchmark("encode into buffer \(name)") { benchmark in
            var output = [UInt8](repeating: 0, count: Base64.encodedLength(byteCount: size))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                input.withUnsafeBytes { i in output.withUnsafeMutableBytes { _ = Base64.encode(i, into: $0) } }
            }
            blackHole(output)
        }

        Benchmark("encode to array \(name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Base64.encode(input)) }
        }

        Benchmark("stream 64KiB chunks \(name)") { benchmark in
            var output = [UInt8](repeating: 0, count: Base64.encodedLength(byteCount: size) + 16)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                var encoder = Base64StreamEncoder()
                input.withUnsafeBytes { i in
                    output.withUnsafeMutableBytes { o in
                        var written = 0
                        var offset = 0
                        while offset < size {
                            let end = Swift.min(size, offset + 65536)
                            written += encoder.encode(UnsafeRawBufferPointer(rebasing: i[offset..<end]),
                                                      into: UnsafeMutableRawBufferPointer(rebasing: o[written...]))
                            offset = end
                        }
                        written += encoder.finish(into: UnsafeMutableRawBufferPointer(rebasing: o[written...]))
                    }
                }
            }
            blackHole(output)
        }

        Benchmark("form-escaped into buffer \(name)") { benchmark in
            var output = [UInt8](repeating: 0, count: FormEscaper.maxEscapedBase64Length(byteCount: size))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                input.withUnsafeBytes { i in output.withUnsafeMutableBytes { _ = FormEscaper.encodeEscaped(i, into: $0) } }
            }
            blackHole(output)
        }

        Benchmark("exact escaped length \(name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(FormEscaper.escapedBase64Length(of: input)) }
        }

        Benchmark("chunk sequence escaped \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                var total = 0
                for try await chunk in Base64ChunkSequence(bytes: input, formEscaped: true) { total += chunk.count }
                blackHole(total)
            }
        }
    }
}
