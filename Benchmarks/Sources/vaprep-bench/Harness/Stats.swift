#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock samples of one case, in seconds.
struct Stats: Sendable {
    let samples: [Double]

    init(samples: [Double]) {
        precondition(!samples.isEmpty, "Stats needs at least one sample")
        self.samples = samples.sorted()
    }

    /// Fastest run: the least disturbed by the other tenants of a shared machine.
    var best: Double { samples[0] }
    var median: Double {
        let n = samples.count
        return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2
    }
    var worst: Double { samples[samples.count - 1] }
    /// (worst - best) / median, in percent: how noisy the runs were.
    var spreadPercent: Double { (worst - best) / median * 100 }

    /// Throughput in GB/s (10^9 bytes per second) for `bytes` processed per run.
    func gigabytesPerSecond(bytes: Int) -> (best: Double, median: Double) {
        (Double(bytes) / best / 1e9, Double(bytes) / median / 1e9)
    }
}

/// Monotonic time in seconds.
@inline(__always)
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` `warmup` times untimed, then `repetitions` times timed, on the calling thread.
func measure(repetitions: Int, warmup: Int, _ body: () throws -> Void) rethrows -> Stats {
    for _ in 0..<warmup { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(repetitions)
    for _ in 0..<repetitions {
        let start = monotonicSeconds()
        try body()
        samples.append(monotonicSeconds() - start)
    }
    return Stats(samples: samples)
}

/// Keeps the optimizer from deleting work whose result is otherwise unused.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
