import ArgumentParser
import Foundation
import VAPrepClient

/// Where `submit` sends the call and how it trusts the server: https unless loopback
/// (see ``EndpointPolicy``), TLS verified, optionally against a private CA.
struct EndpointOptions: ParsableArguments {
    @Option(help: "The API endpoint (https://, or http:// to this machine only, e.g. vaprep sandbox).")
    var endpoint: String = VideoAuthConfiguration.vendorEndpoint

    @Flag(help: "Allow plain http:// to another machine: the key, name, ID number and video travel unencrypted.")
    var allowInsecureHTTP = false

    @Option(help: ArgumentHelp("Trust only the CA certificate(s) in this PEM file for https (a private gateway).", valueName: "pem-file"))
    var caFile: String?

    func validate() throws {
        switch EndpointPolicy.check(endpoint, allowInsecureHTTP: allowInsecureHTTP) {
        case .allowed, .insecureAllowed: break
        case .invalid: throw ValidationError("--endpoint '\(endpoint)' is not an http(s) URL with a host")
        case .insecureRefused(let host): throw ValidationError(EndpointPolicy.refusal(host: host))
        }
    }

    /// The warning to print before sending, if any.
    var warning: String? {
        if case .insecureAllowed(let host) = EndpointPolicy.check(endpoint, allowInsecureHTTP: allowInsecureHTTP) {
            return EndpointPolicy.insecureWarning(host: host)
        }
        return nil
    }

    /// Applies the endpoint, the http permission and the CA to `configuration`.
    /// - Throws: ``SubmitInputError`` when the CA file cannot be read.
    func apply(to configuration: inout VideoAuthConfiguration) throws {
        configuration.endpoint = endpoint
        configuration.allowInsecureHTTP = allowInsecureHTTP
        if let caFile {
            do { try configuration.trustingOnly(caPEMFile: caFile) } catch {
                throw SubmitInputError(message: "cannot read the CA certificates in \(caFile) (\(error)).")
            }
        }
    }
}
