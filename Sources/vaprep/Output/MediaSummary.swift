import Foundation
import VAPrepMedia

/// The human-readable lines `vaprep probe` and `vaprep FILE` print for a `MediaInfo`.
struct MediaSummary {
    var path: String
    var info: MediaInfo

    var text: String {
        let v = info.video
        var lines = [path]
        var container = "  container  \(info.format), \(Format.seconds(info.durationSeconds)), \(Format.bytes(info.sizeBytes))"
        if let bitRate = info.bitRate { container += ", \(Format.bitRate(bitRate))" }
        lines.append(container)
        var video = "  video      \(v.codec)"
        if let profile = v.profile { video += " \(profile)" }
        video += ", \(v.pixelFormat) \(v.bitDepth)-bit \(v.chromaSubsampling), \(v.width)x\(v.height)"
        if v.rotation != 0 || v.flipped {
            video += " stored, rotated \(v.rotation)° clockwise\(v.flipped ? " and flipped" : "")"
            video += " → \(v.displayWidth)x\(v.displayHeight) displayed"
        }
        video += ", \(String(format: "%.2f", v.fps)) fps"
        if let frames = v.frameCount { video += ", \(frames) frames" }
        lines.append(video)
        let colour = [v.colorPrimaries, v.colorTransfer, v.colorMatrix].map { $0 ?? "unspecified" }.joined(separator: "/")
        lines.append("  colour     \(colour)\(v.hdr ? ", HDR" : ", SDR")")
        if info.audio.isEmpty {
            lines.append("  audio      none")
        } else {
            for a in info.audio {
                lines.append("  audio      \(a.codec), \(a.channels) ch, \(a.sampleRate) Hz")
            }
        }
        if let created = info.creationTime { lines.append("  created    \(created)") }
        return lines.joined(separator: "\n")
    }
}
