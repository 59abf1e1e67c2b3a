import ArgumentParser
import VAPrep

/// The vendor profile of every command that plans: a built-in one or a JSON file, and the
/// command-line overrides of its limits.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Built-in profile (default \(Profile.default.name)): \(ProfileHelp.names).",
                               valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Load the profile from this JSON file instead (see `vaprep --help`).", valueName: "path"))
    var profileFile: String?

    @Option(help: "Size limit in the profile's unit (videoData value bytes; file bytes for aliyun).")
    var maxBytes: Int?

    @Option(help: "Frame-rate cap.")
    var maxFps: Double?

    @Option(help: "Longest displayed side of a transcoded output, in pixels.")
    var maxSide: Int?

    @Flag(help: "Encode the face and the background alike (the profile's \"faceWeighting\": false).")
    var noFaceWeighting = false

    @Flag(help: "Keep the planned output size where the face is large (the profile's \"faceSizing\": false).")
    var noFaceSizing = false

    func validate() throws {
        if profile != nil && profileFile != nil {
            throw ValidationError("use --profile or --profile-file, not both")
        }
    }

    /// The profile these options name, overrides applied.
    /// - Throws: `ProfileError` (unknown name, unreadable file, invalid value).
    func resolve() throws -> Profile {
        let base = try profileFile.map { try Profile.load(contentsOf: $0) } ?? Profile.named(profile ?? Profile.default.name)
        var profile = try base.applying(ProfileOverrides(maxBytes: maxBytes, maxFps: maxFps, maxSide: maxSide))
        if noFaceWeighting { profile.faceWeighting = false }
        if noFaceSizing { profile.faceSizing = false }
        return profile
    }
}
