import Testing
import VAPrepClient

/// Runs `body`, which must fail with a ``VideoAuthError``; records an issue and returns nil otherwise.
func expectVideoAuthError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> VideoAuthResult
) async -> VideoAuthError? {
    do {
        let result = try await body()
        Issue.record("expected a VideoAuthError, got a result: \(result)", sourceLocation: sourceLocation)
        return nil
    } catch let error as VideoAuthError {
        return error
    } catch {
        Issue.record("expected a VideoAuthError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
