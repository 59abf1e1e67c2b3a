/// The demuxers vaprep lets FFmpeg use, passed to `avformat_open_input` as
/// `format_whitelist`.
///
/// Why a list at all: measured with FFmpeg 5.1, a file named `selfie.mp4` that is really an
/// HLS playlist makes FFmpeg open *another local file* named in the playlist, even with
/// `protocol_whitelist=file` — in an upload service that is one user reading another
/// user's video. FFmpeg checks `format_whitelist` right after probing and before the
/// demuxer's `read_header`, so playlists (`hls`), concat lists (`concat`), image
/// sequences (`image2`, `*_pipe`) and every other reference-following or non-video
/// format are refused before they can open anything.
///
/// What is allowed: the containers phones, cameras and browsers record selfie video in.
/// Each entry is FFmpeg's demuxer name (the mov demuxer registers as one name
/// `mov,mp4,m4a,3gp,3g2,mj2`, matched here by its parts):
/// - `mov,mp4,m4a,3gp,3g2,mj2` — iPhone `.mov`, Android `.mp4`, `.3gp` (external data
///   references stay off: `enable_drefs=0`)
/// - `matroska,webm` — browser `MediaRecorder` output (`.webm`), `.mkv`
/// - `avi` — older cameras and OpenCV samples
/// - `flv` — legacy web recorders
/// - `mpegts` — camcorders and broadcast captures (`.ts`, `.mts`)
enum AllowedContainers {
    static let demuxers = ["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi", "flv", "mpegts"]

    /// The value of FFmpeg's `format_whitelist` option.
    static let whitelist = demuxers.joined(separator: ",")

    /// For messages.
    static let summary = "MP4/MOV/3GP, Matroska/WebM, AVI, FLV, MPEG-TS"

    /// Whether FFmpeg's demuxer `name` (possibly a comma list like `matroska,webm`) is allowed,
    /// with the same rule as FFmpeg's `av_match_list`: any part matching any entry.
    static func allows(_ name: String) -> Bool {
        name.split(separator: ",").contains { demuxers.contains(String($0)) }
    }
}
