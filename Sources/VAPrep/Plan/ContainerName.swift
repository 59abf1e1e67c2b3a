/// Short container names as profiles list them (`mp4`, `mov`, `avi`, `flv`, `webm`, `mkv`, `asf`).
enum ContainerName {
    /// FFmpeg names demuxers by family (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`), so the
    /// file's extension, when known, picks the member; without it the family's usual name is used.
    static func of(format: String, fileExtension: String?) -> String {
        let ext = fileExtension?.lowercased()
        let members = format.lowercased().split(separator: ",").map(String.init)
        if members.contains("mp4") || members.contains("mov") {
            switch ext {
            case "mov", "qt": return "mov"
            case "3gp", "3g2": return "3gp"
            default: return "mp4"
            }
        }
        if members.contains("matroska") || members.contains("webm") {
            return ext == "webm" ? "webm" : "mkv"
        }
        return members.first ?? format
    }
}
