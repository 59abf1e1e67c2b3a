import VAPrep

/// Help text about the built-in profiles, made from ``Profile/builtIn`` so it cannot drift
/// from the table.
enum ProfileHelp {
    /// `juhe-videoauth, juhe-liveness, …`
    static var names: String { Profile.builtIn.map(\.name).joined(separator: ", ") }

    /// One line per built-in profile with its limits.
    static var table: String {
        Profile.builtIn.map { line(for: $0) }.joined(separator: "\n")
    }

    static func line(for profile: Profile) -> String {
        var limits: [String] = []
        if let bytes = profile.maxValueBytes { limits.append("videoData ≤ \(bytes) B") }
        if let bytes = profile.maxFileBytes { limits.append("file ≤ \(bytes) B") }
        if let range = profile.durationRange { limits.append("duration " + text(range, unit: "s")) }
        if let seconds = profile.preferredDuration { limits.append("sends \(number(seconds)) s") }
        if let range = profile.fpsRange { limits.append("fps " + text(range, unit: "")) }
        limits.append("≤ \(profile.maxSide) px")
        limits.append(profile.containers.joined(separator: "/"))
        let name = profile.name == Profile.default.name ? profile.name + " (default)" : profile.name
        return "  \(name): " + limits.joined(separator: ", ")
    }

    /// JSON form of a `--profile-file`.
    static let fileExample = """
        {"name": "my-api", "maxValueBytes": 4000000, "durationRange": {"min": 2, "max": 10}, \
        "fpsRange": {"max": 30}, "maxSide": 960, "containers": ["mp4"], "videoCodecs": ["h264"], "crf": \(Int(Profile.defaultCRF))}
        """

    private static func text(_ range: ValueRange, unit: String) -> String {
        switch (range.min, range.max) {
        case let (lo?, hi?): return "\(number(lo))–\(number(hi))\(unit.isEmpty ? "" : " " + unit)"
        case let (lo?, nil): return "≥ \(number(lo))\(unit.isEmpty ? "" : " " + unit)"
        case let (nil, hi?): return "≤ \(number(hi))\(unit.isEmpty ? "" : " " + unit)"
        case (nil, nil): return "any"
        }
    }

    private static func number(_ value: Double) -> String {
        Int(exactly: value).map(String.init) ?? String(value)
    }
}
