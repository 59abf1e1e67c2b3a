import VAPrepPayload

/// The built-in profiles, from the vendors' published limits (see `spec/videoauth-api.md`).
extension Profile {
    /// Juhe videoAuth (liveness + real-name), the API vaprep feeds and the default profile.
    /// The vendor recommends `videoData` stay under 10M; a longer clip is cut to a 5 s window,
    /// long enough for a blink and a head turn, short enough for a compact payload.
    public static let juheVideoAuth = Profile(
        name: "juhe-videoauth",
        maxValueBytes: VideoData.recommendedMaxValueLength,
        preferredDuration: 5,
        containers: ["mp4"]
    )

    /// Juhe's other video liveness API (API 675): base64 at most 8M; mp4, avi or flv.
    public static let juheLiveness = Profile(
        name: "juhe-liveness",
        maxValueBytes: 8_000_000,
        containers: ["mp4", "avi", "flv"]
    )

    /// Huawei Cloud live-detect: base64 at most 8 MB, 1–15 s, 10–30 fps.
    public static let huawei = Profile(
        name: "huawei",
        maxValueBytes: 8_000_000,
        durationRange: ValueRange(min: 1, max: 15),
        fpsRange: ValueRange(min: 10, max: 30),
        containers: ["mp4", "avi", "flv", "webm", "asf"]
    )

    /// Baidu H5 video liveness: 5–15 s works best; MP4 with H.264 video. No size limit is
    /// published, so only the quality target bounds the size.
    public static let baidu = Profile(
        name: "baidu",
        durationRange: ValueRange(min: 5, max: 15),
        containers: ["mp4"]
    )

    /// Alibaba Cloud LivenessDetect: the video file (not its base64) at most 5 MB.
    public static let aliyun = Profile(
        name: "aliyun",
        maxFileBytes: 5_000_000,
        containers: ["mp4", "avi", "flv", "asf", "mov"]
    )

    /// Every built-in profile, the default first.
    public static let builtIn: [Profile] = [.juheVideoAuth, .juheLiveness, .huawei, .baidu, .aliyun]

    /// The default profile: this API's (``juheVideoAuth``).
    public static let `default` = Profile.juheVideoAuth

    /// The built-in profile called `name`.
    /// - Throws: ``ProfileError/unknownName(_:known:)`` listing the names that exist.
    public static func named(_ name: String) throws(ProfileError) -> Profile {
        guard let profile = builtIn.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownName(name, known: builtIn.map(\.name))
        }
        return profile
    }
}
