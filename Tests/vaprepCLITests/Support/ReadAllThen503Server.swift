import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-purpose HTTP server on 127.0.0.1: reads each request completely (head and
/// `Content-Length` body), answers 503, closes — a proxy failing after the vendor may have
/// processed the call. Counts the complete requests it read.
final class ReadAllThen503Server: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var complete = 0
    private let thread: Thread

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, ok, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let box = Box()
        thread = Thread { box.server?.serve() }
        box.server = self
        thread.start()
    }

    private final class Box: @unchecked Sendable { weak var server: ReadAllThen503Server? }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var needed: Int?
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress!, $0.count, 0) }
                if count <= 0 { break }
                received.append(contentsOf: buffer[0..<count])
                if needed == nil, let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    needed = end.upperBound + length
                }
                if let needed, received.count >= needed {
                    lock.withLock { complete += 1 }
                    let answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    _ = answer.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    break
                }
            }
            close(client)
        }
    }

    /// Stops listening and returns how many complete requests arrived.
    func stop() -> Int {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        return lock.withLock { complete }
    }
}
