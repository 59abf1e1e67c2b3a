import Foundation

/// Small media files written byte by byte at test time.
enum TinyFiles {
    /// An audio-only FLV (FLV is on the allowed list): 16-bit mono PCM at 44.1 kHz,
    /// 8 tags of 4096 bytes of silence. Opens fine and has no video stream.
    static func audioOnlyFLV() -> [UInt8] {
        var bytes: [UInt8] = Array("FLV".utf8) + [1, 0x04, 0, 0, 0, 9]  // version 1, audio only, header size 9
        bytes += [0, 0, 0, 0]                                             // PreviousTagSize0
        let payload = 4096
        for index in 0..<8 {
            let dataSize = payload + 1
            let millis = index * payload / 2 * 1000 / 44100
            bytes += [8] + be24(dataSize) + be24(millis) + [0] + be24(0)  // audio tag header
            bytes += [0x3E]                                                // PCM LE, 44 kHz, 16-bit, mono
            bytes += [UInt8](repeating: 0, count: payload)
            bytes += be32(11 + dataSize)
        }
        return bytes
    }

    /// An HLS playlist (named like a video by the caller) whose one segment is `segment`.
    static func hlsPlaylist(segment: String) -> String {
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n\(segment)\n#EXT-X-ENDLIST\n"
    }

    /// An ffconcat list naming `file`.
    static func concatList(file: String) -> String { "ffconcat version 1.0\nfile '\(file)'\n" }

    private static func be24(_ v: Int) -> [UInt8] { [UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }
    private static func be32(_ v: Int) -> [UInt8] { [UInt8((v >> 24) & 0xff)] + be24(v) }
}
