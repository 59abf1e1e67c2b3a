#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a child process and measures it from the outside: wall time and peak resident memory
/// (`ru_maxrss` from `wait4`, which Foundation's `Process` does not expose).
enum ProcessRunner {
    struct Run: Sendable {
        var exitStatus: Int32
        var wallSeconds: Double
        /// Peak resident set size of the child, in bytes.
        var peakRSSBytes: Int
    }

    enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        case wait(Int32)
        var description: String {
            switch self {
            case .spawn(let path, let code): "Could not start \(path): \(String(cString: strerror(code))). Is it installed and on PATH?"
            case .wait(let code): "wait4 failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Runs `executable` (looked up on PATH) with `arguments`. stdout goes to `stdoutPath`
    /// (default /dev/null), stdin comes from `stdinPath` when given.
    static func run(_ executable: String, _ arguments: [String], stdinPath: String? = nil,
                    stdoutPath: String = "/dev/null") throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinPath { posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = monotonicSeconds()
        let code = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard code == 0 else { throw Failure.spawn(executable, code) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure.wait(errno) }
        }
        let wall = monotonicSeconds() - start
        #if os(Linux)
        let rssBytes = Int(usage.ru_maxrss) * 1024   // KiB on Linux
        #else
        let rssBytes = Int(usage.ru_maxrss)          // bytes on macOS
        #endif
        // WEXITSTATUS by hand: the macro is not imported into Swift.
        let exited = status & 0x7f == 0
        return Run(exitStatus: exited ? (status >> 8) & 0xff : -1, wallSeconds: wall, peakRSSBytes: rssBytes)
    }
}
