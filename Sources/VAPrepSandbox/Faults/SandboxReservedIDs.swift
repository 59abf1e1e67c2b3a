import VAPrepClient

/// Valid-looking ID numbers that make the sandbox answer a given vendor error code, for
/// clients that cannot set the `X-Sandbox-Fault` header.
///
/// They are built as `110101` (Beijing Dongcheng) + `19000101` (a birth date no living
/// applicant has) + a three-digit index into ``VendorErrorCode/allCases`` (001 = first) +
/// the GB 11643 check character, so they pass every local check of the client.
public enum SandboxReservedIDs {
    static let stem = "11010119000101"

    /// The reserved number that selects `code`.
    public static func idNumber(for code: VendorErrorCode) -> String {
        let index = VendorErrorCode.allCases.firstIndex(of: code)! + 1
        let first17 = stem + String(format3: index)
        return first17 + String(ResidentIDNumber.checkCharacter(for: first17.map { Int(String($0))! }))
    }

    /// The code a reserved number selects, if it is one.
    public static func code(for number: String) -> VendorErrorCode? {
        let upper = number.uppercased()
        guard upper.count == 18, upper.hasPrefix(stem), let index = Int(upper.dropFirst(14).prefix(3)),
              (1...VendorErrorCode.allCases.count).contains(index), Self.idNumber(for: VendorErrorCode.allCases[index - 1]) == upper
        else { return nil }
        return VendorErrorCode.allCases[index - 1]
    }
}

extension String {
    init(format3 value: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: Swift.max(0, 3 - digits.count)) + digits
    }
}
