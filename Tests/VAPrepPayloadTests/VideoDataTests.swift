import Foundation
import Testing
@testable import VAPrepPayload

/// A temp file removed when the value goes away.
final class TempFile {
    let path: String
    init(bytes: [UInt8]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-payload-\(UUID().uuidString).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    /// Writes `megabytes` MiB of deterministic random data in 1 MiB blocks.
    init(mebibytes: Int, seed: UInt64) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-payload-\(UUID().uuidString).bin").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for block in 0..<mebibytes { handle.write(Data(randomBytes(1 << 20, seed: seed + UInt64(block)))) }
        try handle.close()
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("videoData value: prefix and exact lengths")
struct VideoDataTests {
    @Test("the prefix is exactly base64: and its escaped form base64%3A")
    func prefix() {
        #expect(VideoData.prefix == "base64:")
        #expect(VideoData.formEscapedPrefix == "base64%3A")
        #expect(FormEscaper.escape(Array(VideoData.prefix.utf8)) == Array(VideoData.formEscapedPrefix.utf8))
        let value = VideoData.value(of: [1, 2, 3])
        #expect(String(decoding: value, as: UTF8.self) == "base64:AQID")
        #expect(String(decoding: VideoData.formEscapedValue(of: [0xFF]), as: UTF8.self) == "base64%3A%2Fw%3D%3D")
    }

    @Test("value lengths equal the real output, plain and escaped", arguments: [0, 1, 2, 3, 4, 100, 65535, 65536, 65537, 1_000_001])
    func lengthsFromBytes(size: Int) {
        let input = randomBytes(size, seed: UInt64(size) + 60)
        #expect(VideoData.valueLength(byteCount: size) == VideoData.value(of: input).count)
        #expect(VideoData.formEscapedValueLength(of: input) == VideoData.formEscapedValue(of: input).count)
        let decoded = formDecode(Array(VideoData.formEscapedValue(of: input).dropFirst(VideoData.formEscapedPrefix.utf8.count)))
        #expect(decoded == input)
    }

    @Test("the value length is 7 + 4·ceil(n/3), and maxByteCount inverts it exactly")
    func lengthArithmetic() {
        #expect(VideoData.valueLength(byteCount: 0) == 7)
        #expect(VideoData.valueLength(byteCount: 1) == 11)
        #expect(VideoData.valueLength(byteCount: 3) == 11)
        #expect(VideoData.valueLength(byteCount: 4) == 15)
        let encoded = "base64:" + Data(repeating: 7, count: 1000).base64EncodedString()
        #expect(VideoData.valueLength(byteCount: 1000) == encoded.utf8.count)
        for limit in [VideoData.recommendedMaxValueLength, 8_000_000, 11, 12, 13, 14, 15, 1_000_003] {
            let n = VideoData.maxByteCount(forValueLength: limit)
            #expect(VideoData.valueLength(byteCount: n) <= limit)
            #expect(VideoData.valueLength(byteCount: n + 1) > limit)
        }
        // Limits that cannot even hold the prefix, and nonsense ones, budget nothing.
        for limit in [Int.min, -1, 0, 7] { #expect(VideoData.maxByteCount(forValueLength: limit) == 0) }
        #expect(VideoData.maxByteCount(forValueLength: 10) == 0)
        #expect(VideoData.maxByteCount(forValueLength: Int.max) > 0)
    }

    @Test("value lengths from a file equal those from its bytes, across the 192 KiB read boundary",
          arguments: [0, 1, 196_607, 196_608, 196_609, 600_000])
    func lengthsFromFile(size: Int) throws {
        let input = randomBytes(size, seed: UInt64(size) + 70)
        let file = try TempFile(bytes: input)
        #expect(try VideoData.valueLength(ofFileAt: file.path) == VideoData.value(of: input).count)
        #expect(try VideoData.formEscapedValueLength(ofFileAt: file.path) == VideoData.formEscapedValue(of: input).count)
    }

    @Test("a missing file or a directory throws a PayloadFileError that names the path")
    func fileErrors() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/clip.mp4"
        let error = try #require(throws: PayloadFileError.self) { try VideoData.formEscapedValueLength(ofFileAt: missing) }
        #expect(error.code == ENOENT)
        #expect(error.description.contains(missing))
        let directory = try #require(throws: PayloadFileError.self) { try VideoData.valueLength(ofFileAt: NSTemporaryDirectory()) }
        #expect(directory.code == EISDIR)
    }
}
