import Foundation
import Testing
import VAPrepMedia

/// `MediaInfo` values for plan tests, built through the same JSON keys `vaprep probe --json`
/// prints, so the tests also pin that the plan reads what the probe writes.
enum PlanFixtures {
    struct Clip {
        var format = "mov,mp4,m4a,3gp,3g2,mj2"
        var seconds = 5.0
        var sizeBytes: Int64 = 1_000_000
        var codec = "h264"
        var pixelFormat = "yuv420p"
        var bitDepth = 8
        var chroma = "4:2:0"
        var width = 1280
        var height = 720
        var rotation = 0
        var flipped = false
        var fps = 30.0
        var hdr = false
        var transfer: String? = "bt709"
        var audio = false

        var info: MediaInfo {
            let sideways = rotation == 90 || rotation == 270
            var video: [String: Any] = [
                "codec": codec, "pixelFormat": pixelFormat, "bitDepth": bitDepth, "chromaSubsampling": chroma,
                "width": width, "height": height, "rotation": rotation, "flipped": flipped,
                "displayWidth": sideways ? height : width, "displayHeight": sideways ? width : height,
                "fps": fps, "hdr": hdr, "frameCount": Int(seconds * fps),
            ]
            if let transfer { video["colorTransfer"] = transfer }
            let audioStreams: [[String: Any]] = audio ? [["codec": "aac", "channels": 2, "sampleRate": 48000]] : []
            let object: [String: Any] = [
                "format": format, "durationSeconds": seconds, "sizeBytes": sizeBytes,
                "video": video, "audio": audioStreams,
            ]
            let data = try! JSONSerialization.data(withJSONObject: object)
            return try! JSONDecoder().decode(MediaInfo.self, from: data)
        }
    }

    /// A compliant 5 s 720p H.264 MP4 of 1 MB.
    static var compliant: Clip { Clip() }
}
