import Foundation

/// Small clips made with the `ffmpeg` command line in a temp directory, once (kept between runs),
/// so the prepare tests exercise real files of each kind a phone produces.
public actor PrepareFixtures {
    /// The one maker, so parallel tests asking for the same clip wait for one encode.
    public static let shared = PrepareFixtures()

    /// Shared across runs (inputs are deterministic), so a rerun does not re-encode them.
    let directory: String = {
        let dir = NSTemporaryDirectory() + "/vaprep-prepare-fixtures-\(getuid())-v1"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()
    private var made: [String: Task<String, Error>] = [:]

    /// The clip called `name`, made on first use.
    public func clip(_ name: Kind) async throws -> String {
        if let task = made[name.rawValue] { return try await task.value }
        let path = directory + "/" + name.fileName
        // Made under a temporary name and renamed, so a run killed midway leaves no half clip.
        let partial = directory + "/partial-\(getpid())-" + name.fileName
        let recipe = name.recipe(output: partial)
        let task = Task.detached { () throws -> String in
            if FileManager.default.fileExists(atPath: path) { return path }
            for arguments in recipe { try Tool.ffmpeg.runSucceeding(arguments) }
            try? FileManager.default.removeItem(atPath: partial + ".plain.mp4")
            guard rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            return path
        }
        made[name.rawValue] = task
        return try await task.value
    }

    /// The kinds of clip, each with its `ffmpeg` recipe.
    public enum Kind: String, Sendable {
        /// 3 s 640x360 H.264 yuv420p MP4, faststart: complies with the default profile.
        case compliant
        /// 7 s 640x360 H.264 + AAC, stored with a 90° display matrix (a phone held upright).
        case rotated
        /// 2 s 640x360 HEVC Main 10 with HLG colour tags (a recent iPhone).
        case hevcHLG
        /// 3 s 640x360 H.264 at 60 fps.
        case fps60
        /// 20 s 1280x720 H.264: long enough to cancel in the middle of its transcode.
        case long
        /// 720x1280 H.264, 9 s: the face-less `noface.mp4`, 1 s of `black.mp4`, then the live
        /// clip, so the face appears only after about 4 s.
        case faceLate
        /// 40 s 360x640 H.264: testdata/replay.mp4 (a photo moved rigidly) looped ten times by
        /// stream copy, so every frame is bit-identical to the original's (a re-encode adds
        /// coding noise the motion metric reads as non-rigid). A keyframe every 4 s; longer
        /// than every profile's window.
        case replay40s
        /// 1 s 160x120 H.264 at 2000 fps in MPEG-TS: the container declares no average rate
        /// and FFmpeg's guess of the timestamp grid (2000) is above the probe's bound, so the
        /// probe accepts it with an unknown rate while its frames come 0.5 ms apart.
        case ts2000fps
        /// 3 s 640x360 H.264 MP4 whose header declares 2:1 pixels (displayed 1280x360 by a
        /// player that honours it), otherwise compliant with the default profile.
        case anamorphic

        var fileName: String {
            switch self {
            case .hevcHLG: return rawValue + ".mov"
            case .ts2000fps: return rawValue + ".ts"
            default: return rawValue + ".mp4"
            }
        }

        func recipe(output: String) -> [[String]] {
            let quiet = ["-hide_banner", "-loglevel", "error", "-y"]
            let x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
            switch self {
            case .compliant:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "3"] + x264
                    + ["-movflags", "+faststart", output]]
            case .rotated:
                let plain = output + ".plain.mp4"
                return [
                    quiet + ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi",
                             "-i", "sine=frequency=440:sample_rate=48000", "-t", "7"] + x264 + ["-c:a", "aac", plain],
                    quiet + ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", output],
                ]
            case .hevcHLG:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2",
                                 "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
                                 "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "arib-std-b67",
                                 "-colorspace", "bt2020nc", "-tag:v", "hvc1", output]]
            case .fps60:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=60", "-t", "3"] + x264 + [output]]
            case .long:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", "20"] + x264 + [output]]
            case .faceLate:
                return [quiet + [
                    "-i", TestData.path("noface.mp4"), "-i", TestData.path("black.mp4"), "-i", TestData.path("live.mp4"),
                    "-filter_complex",
                    "[0:v]scale=720:1280,setsar=1,fps=30[a];[1:v]scale=720:1280,setsar=1,fps=30,trim=0:1[b];"
                        + "[2:v]setsar=1,fps=30[c];[a][b][c]concat=n=3:v=1[v]",
                    "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-f", "mp4", output,
                ]]
            case .replay40s:
                return [quiet + ["-stream_loop", "9", "-i", TestData.path("replay.mp4"), "-an", "-c", "copy",
                                 "-movflags", "+faststart", output]]
            case .ts2000fps:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=2000", "-t", "1"] + x264
                    + ["-f", "mpegts", output]]
            case .anamorphic:
                return [quiet + ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "3", "-vf", "setsar=2/1"] + x264
                    + ["-movflags", "+faststart", output]]
            }
        }
    }
}
