import Foundation
import Logging
import Testing
@testable import VAPrepMedia
import VAPrepTestSupport

/// Collects log records in memory.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    final class Store: @unchecked Sendable {
        let lock = NSLock()
        var records: [(level: Logger.Level, message: String)] = []
    }
    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    init(store: Store) { self.store = store }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        store.lock.withLock { store.records.append((event.level, event.message.description)) }
    }
}

@Suite("FFmpeg log bridge")
struct FFmpegLogTests {
    @Test("FFmpeg's own error line reaches swift-log at debug, and the caller still gets a typed error")
    func bridge() throws {
        let store = CapturingLogHandler.Store()
        let logger = Logger(label: "vaprep.ffmpeg") { _ in CapturingLogHandler(store: store) }
        FFmpegLog.withLogger(logger) {
            #expect(throws: MediaError.self) { try MediaInput.open(path: TestData.path("hostile/truncated.mp4")) }
        }
        let records = store.lock.withLock { store.records }
        let line = try #require(records.first { $0.message.contains("moov atom not found") })
        #expect(line.level == .debug)
    }
}
