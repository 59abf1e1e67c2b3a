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
    /// The client's `X-Request-ID` header (``VideoAuthClient`` sends one per call).
    public var requestID: String?
    /// The `error_code` answered, or nil when no JSON answer was sent (drop, HTTP error).
    public var answeredErrorCode: Int?
}

/// Thread-safe log of ``SandboxRequestRecord``s and the counters behind `fail-times`.
///
/// Bounded: it keeps the newest ``SandboxLimits/maxRecords`` records (a ring) and the
/// counters of the newest ``SandboxLimits/maxFaultCounters`` fault headers, so a sandbox
/// left running under load does not grow.
public final class SandboxRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let maxRecords: Int
    private let maxFaultCounters: Int
    /// The newest records; `storage[i]` has index `firstIndex + i`.
    private var storage: [SandboxRequestRecord] = []
    private var firstIndex = 1
    private var total = 0
    private var faultCounters: [String: Int] = [:]
    /// Fault headers in the order they were first seen, to forget the oldest.
    private var faultOrder: [String] = []
    private var connections = 0
    private var active = 0
    private var refused = 0
    private var timedOut = 0

    init(limits: SandboxLimits = .default) {
        maxRecords = limits.maxRecords
        maxFaultCounters = limits.maxFaultCounters
    }

    /// The newest requests that sent a complete head (at most ``SandboxLimits/maxRecords``), in arrival order.
    public var records: [SandboxRequestRecord] { locked { storage } }
    /// Requests that sent a complete head since the start (also those no longer in ``records``).
    public var requestCount: Int { locked { total } }
    /// TCP connections accepted, including those refused with 503 over the cap.
    public var connectionCount: Int { locked { connections } }
    /// Connections open and being served now.
    public var activeConnectionCount: Int { locked { active } }
    /// Connections answered 503 because ``SandboxLimits/maxConnections`` were open.
    public var refusedConnectionCount: Int { locked { refused } }
    /// Connections closed by the idle or request read timeout.
    public var timedOutConnectionCount: Int { locked { timedOut } }
    /// Fault headers whose `fail-times` count is remembered (at most ``SandboxLimits/maxFaultCounters``).
    public var faultCounterCount: Int { locked { faultCounters.count } }

    /// Takes a connection slot if fewer than `cap` are open; false means "answer 503".
    func admitConnection(cap: Int) -> Bool {
        locked {
            connections += 1
            guard active < cap else {
                refused += 1
                return false
            }
            active += 1
            return true
        }
    }

    func connectionClosed() { locked { active -= 1 } }

    func connectionTimedOut() { locked { timedOut += 1 } }

    /// Registers a new request and returns its index.
    func begin(method: String, path: String, declaredContentLength: Int?, faultHeader: String?, requestID: String? = nil) -> Int {
        locked {
            total += 1
            storage.append(SandboxRequestRecord(
                index: total, method: method, path: path, declaredContentLength: declaredContentLength,
                receivedBodyBytes: 0, faultHeader: faultHeader, requestID: requestID
            ))
            if storage.count > maxRecords {
                let excess = storage.count - maxRecords
                storage.removeFirst(excess)
                firstIndex += excess
            }
            return total
        }
    }

    /// Changes the record `index`, if it is still kept.
    func update(_ index: Int, _ change: (inout SandboxRequestRecord) -> Void) {
        locked {
            let position = index - firstIndex
            guard storage.indices.contains(position) else { return }
            change(&storage[position])
        }
    }

    /// How many earlier requests carried `header`; increments the counter.
    func occurrence(ofFault header: String) -> Int {
        locked {
            guard let seen = faultCounters[header] else {
                if faultOrder.count >= maxFaultCounters {
                    faultCounters[faultOrder.removeFirst()] = nil
                }
                faultOrder.append(header)
                faultCounters[header] = 1
                return 0
            }
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
