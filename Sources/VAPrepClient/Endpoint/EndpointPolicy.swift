import Foundation

/// Where a videoAuth request may go: `https://` anywhere, plain `http://` only to this
/// machine (127.0.0.0/8, `::1`, `localhost`) unless the caller explicitly allows it.
///
/// Every request carries the API key, a person's name and ID number and their face; over
/// plain HTTP anyone on the path reads all four. The loopback exception is for
/// `vaprep sandbox` and local test gateways, whose traffic never leaves the machine.
public enum EndpointPolicy {
    /// What ``check(_:allowInsecureHTTP:)`` concluded.
    public enum Verdict: Sendable, Equatable {
        /// `https://`, or `http://` to a loopback host.
        case allowed
        /// `http://` to another host, accepted only because the caller allowed it: warn.
        case insecureAllowed(host: String)
        /// `http://` to another host without permission.
        case insecureRefused(host: String)
        /// Not an http(s) URL with a host.
        case invalid
    }

    /// Classifies `endpoint`.
    public static func check(_ endpoint: String, allowInsecureHTTP: Bool) -> Verdict {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty
        else { return .invalid }
        switch scheme {
        case "https": return .allowed
        case "http":
            if isLoopback(host: host) { return .allowed }
            return allowInsecureHTTP ? .insecureAllowed(host: host) : .insecureRefused(host: host)
        default: return .invalid
        }
    }

    /// True for `localhost`, any IPv4 address in 127.0.0.0/8 and the IPv6 loopback `::1`
    /// (with or without brackets). Names that merely resolve to loopback do not count: the
    /// decision must not depend on a resolver an attacker may control.
    public static func isLoopback(host rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "localhost." { return true }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        // inet_pton accepts only the dotted-quad form (no "127.1", no octal), which is what we want.
        var v4 = in_addr()
        guard inet_pton(AF_INET, host, &v4) == 1 else { return false }
        return withUnsafeBytes(of: &v4) { $0[0] == 127 }
    }

    /// The one-line warning printed when plain HTTP leaves the machine with permission.
    public static func insecureWarning(host: String) -> String {
        "warning: sending the API key, name, ID number and video to \(host) over plain http, unencrypted (--allow-insecure-http)"
    }

    /// Why a refused endpoint was refused, for the person at the terminal.
    public static func refusal(host: String) -> String {
        "the endpoint uses plain http:// to \(host), which is not this machine: the API key, name, ID number and video "
            + "would travel unencrypted. Use https://, or pass --allow-insecure-http if you really mean it."
    }
}
