import Foundation

extension Profile {
    /// Loads a custom profile from a JSON file (see ``Profile`` for the format) and checks
    /// its values.
    /// - Throws: ``ProfileError/unreadable(path:reason:)``, ``ProfileError/invalidJSON(path:reason:)``
    ///   or ``ProfileError/invalidValue(field:reason:)``.
    public static func load(contentsOf path: String) throws(ProfileError) -> Profile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: data)
        } catch let error as DecodingError {
            throw .invalidJSON(path: path, reason: Self.explain(error))
        } catch {
            throw .invalidJSON(path: path, reason: String(describing: error))
        }
        try profile.validate()
        return profile
    }

    /// Checks that every value is usable: sizes positive, ranges ordered, sides even and big
    /// enough for a face.
    public func validate() throws(ProfileError) {
        if name.isEmpty { throw .invalidValue(field: "name", reason: "is empty") }
        for (field, value) in [("maxValueBytes", maxValueBytes), ("maxFileBytes", maxFileBytes)] {
            if let value, value <= 0 { throw .invalidValue(field: field, reason: "must be positive, got \(value)") }
        }
        for (field, range) in [("durationRange", durationRange), ("fpsRange", fpsRange)] {
            guard let range else { continue }
            if let lo = range.min, lo < 0 { throw .invalidValue(field: field, reason: "min must not be negative") }
            if let hi = range.max, hi <= 0 { throw .invalidValue(field: field, reason: "max must be positive") }
            if let lo = range.min, let hi = range.max, lo > hi {
                throw .invalidValue(field: field, reason: "min \(lo) exceeds max \(hi)")
            }
        }
        if let preferredDuration, preferredDuration <= 0 {
            throw .invalidValue(field: "preferredDuration", reason: "must be positive")
        }
        if maxSide < Plan.minimumSide {
            throw .invalidValue(field: "maxSide", reason: "must be at least \(Plan.minimumSide) px, got \(maxSide)")
        }
        if !(0...51).contains(crf) { throw .invalidValue(field: "crf", reason: "must be in 0...51, got \(crf)") }
        if videoCodecs.isEmpty { throw .invalidValue(field: "videoCodecs", reason: "is empty") }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, _): return "missing key '\(key.stringValue)'"
        case let .typeMismatch(type, context): return "\(path(context)): expected \(type)"
        case let .valueNotFound(type, context): return "\(path(context)): expected \(type), found null"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
