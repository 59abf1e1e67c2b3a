/// Error codes the sandbox answers for bad requests the vendor's document gives no code
/// for. They follow the vendor's layout (2 = service level, 546 = the videoAuth module) in a
/// range the vendor does not use, so a client sees them as undocumented codes — as it
/// would see the vendor's own undocumented parameter errors.
public enum SandboxErrorCode: Int, Sendable, CaseIterable {
    /// A field is missing or malformed (`realname`, `rate_type`, the form itself).
    case invalidParameter = 2_546_190
    /// `idcard` fails the GB 11643-1999 checks.
    case invalidIDNumber = 2_546_191
    /// `videoData` lacks the `base64:` prefix or is not valid base64.
    case invalidVideoData = 2_546_192
    /// The decoded video is not a readable video.
    case notAVideo = 2_546_193

    public var reason: String {
        switch self {
        case .invalidParameter: "参数错误 (sandbox: a field is missing or malformed)"
        case .invalidIDNumber: "身份证号码格式错误 (sandbox: idcard fails the GB 11643-1999 checks)"
        case .invalidVideoData: "视频数据格式错误 (sandbox: videoData must be base64: followed by base64)"
        case .notAVideo: "视频无法解析 (sandbox: the decoded videoData is not a readable video)"
        }
    }
}
