/// Decides what the sandbox thinks of a decoded `videoData` payload.
///
/// The sandbox answers like the vendor, but it cannot judge liveness; instead it asks an
/// inspector. The `vaprep sandbox` command plugs in vaprep's safe open + pre-check, so a
/// clip the pre-check fails gets a low simulated `livingScore`; tests and embedders can use
/// ``MP4StructureInspector``, which only checks the container structure.
public protocol SandboxVideoInspector: Sendable {
    /// Inspects the video bytes; throw or return ``InspectionOutcome/notAVideo(_:)`` to reject them.
    func inspect(video: [UInt8]) async throws -> InspectionOutcome
}

/// What an inspector concluded.
public enum InspectionOutcome: Sendable, Equatable {
    /// How promising the clip looks; the simulated `livingScore` range follows it:
    /// pass → 0.95…1.0, warn → 0.40…0.95, fail → 0.0…0.39 (below the default threshold).
    public enum Verdict: String, Sendable, Codable { case pass, warn, fail }

    case video(Verdict, summary: String)
    /// Not something the vendor could analyse; the sandbox answers ``SandboxErrorCode/notAVideo``.
    case notAVideo(String)
}
