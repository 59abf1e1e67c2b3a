import Foundation

/// Facts about one request, recorded so tests can check what really arrived on the wire.
public struct SandboxRequestRecord: Sendable, Equatable {
    /// 1-based order of arrival.
    public var index: Int
    public var method: String
    public var path: String
    /// The `Content-Length` header as sent, if any.
    public var declaredContentLength: Int?
    /// Body bytes actually read from the socket.
    public var receivedBodyBytes: Int
    /// Length and FNV-1a 64 hash of the decoded `videoData`, when it decoded.
    public var videoByteCount: Int?
    public var videoHash: UInt64?
    /// The raw `X-Sandbox-Fault` header.
    public var faultHeader: String?
    /// The `error_code` answered, or nil when no JSON answer was sent (drop, HTTP error).
    public var answeredErrorCode: Int?
}

/// Thread-safe log of ``SandboxRequestRecord``s and the counters behind `fail-times`.
public final class SandboxRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [SandboxRequestRecord] = []
    private var faultCounters: [String: Int] = [:]
    private var connections = 0

    init() {}

    /// Every request that sent a complete head, in arrival order.
    public var records: [SandboxRequestRecord] { locked { storage } }
    public var requestCount: Int { locked { storage.count } }
    /// TCP connections accepted.
    public var connectionCount: Int { locked { connections } }

    func connectionAccepted() { locked { connections += 1 } }

    /// Registers a new request and returns its index.
    func begin(method: String, path: String, declaredContentLength: Int?, faultHeader: String?) -> Int {
        locked {
            storage.append(SandboxRequestRecord(
                index: storage.count + 1, method: method, path: path, declaredContentLength: declaredContentLength,
                receivedBodyBytes: 0, faultHeader: faultHeader
            ))
            return storage.count
        }
    }

    func update(_ index: Int, _ change: (inout SandboxRequestRecord) -> Void) {
        locked { change(&storage[index - 1]) }
    }

    /// How many earlier requests carried `header`; increments the counter.
    func occurrence(ofFault header: String) -> Int {
        locked {
            let seen = faultCounters[header, default: 0]
            faultCounters[header] = seen + 1
            return seen
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// FNV-1a 64: a dependency-free, deterministic hash for "did exactly these bytes arrive".
public func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}
