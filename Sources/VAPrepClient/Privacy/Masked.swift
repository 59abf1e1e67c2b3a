import Foundation

/// Masks the three secrets a videoAuth call carries — the API key, the ID number and the
/// person's name — for anything a human or a log collector can read.
///
/// Everything in `VAPrepClient` that produces text (log messages and metadata, error
/// messages, `description`/`debugDescription`) goes through these helpers, so a leaked log
/// file or a pasted error message never contains a usable key or a full identity.
///
/// ```swift
/// Masked.idNumber("11010519491231002X")  // "1101**********002X"
/// Masked.name("张三")                     // "张*"
/// Masked.apiKey("9f8e7d6c5b4a39281706") // "****1706"
/// ```
public enum Masked {
    /// Keeps the first four characters (province + city: coarse, not identifying) and the
    /// last four, replaces the rest with `*`. Shorter strings are masked completely, because
    /// keeping 8 characters of a short string would reveal most of it.
    public static func idNumber(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count >= 12 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4))
            + String(repeating: "*", count: characters.count - 8)
            + String(characters.suffix(4))
    }

    /// Keeps the first character (usually the family name, shared by millions) and replaces
    /// every other character with `*`; a one-character value is masked completely.
    public static func name(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 1 else { return String(repeating: "*", count: characters.count) }
        return String(characters[0]) + String(repeating: "*", count: characters.count - 1)
    }

    /// Shows only the last four characters of a key — enough to tell two keys apart in a
    /// support ticket, not enough to use one. Keys shorter than 12 characters are shown as
    /// `****` only.
    public static func apiKey(_ value: String) -> String {
        guard value.count >= 12 else { return "****" }
        return "****" + String(value.suffix(4))
    }
}

/// The secrets of one call, kept together so text coming from outside (the vendor's
/// `reason`, a transport error's description) can be scrubbed before it is logged or put
/// into an error: the vendor or a proxy could echo a field back.
struct SecretScrubber: Sendable {
    private let replacements: [(raw: String, masked: String)]

    init(apiKey: String, idNumber: String, name: String) {
        var pairs: [(String, String)] = []
        // Longest first, so a name that is a substring of the key is not half-replaced.
        for (raw, masked) in [
            (apiKey, Masked.apiKey(apiKey)), (idNumber, Masked.idNumber(idNumber.uppercased())),
            (idNumber.uppercased(), Masked.idNumber(idNumber.uppercased())), (name, Masked.name(name)),
        ] where !raw.isEmpty {
            pairs.append((raw, masked))
        }
        replacements = pairs.sorted { $0.0.count > $1.0.count }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for (raw, masked) in replacements where result.contains(raw) {
            result = result.replacingOccurrences(of: raw, with: masked)
        }
        return result
    }
}
