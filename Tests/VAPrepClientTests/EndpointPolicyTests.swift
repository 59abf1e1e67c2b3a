import Foundation
import Testing
import VAPrepClient
import VAPrepSandbox

/// https unless loopback: the rule, and the client refusing to send otherwise.
@Suite("EndpointPolicy: https unless the host is this machine")
struct EndpointPolicyTests {
    @Test("loopback hosts", arguments: [
        ("localhost", true), ("LOCALHOST", true), ("127.0.0.1", true), ("127.255.255.254", true), ("127.0.0.9", true),
        ("::1", true), ("[::1]", true), ("0:0:0:0:0:0:0:1", true),
        ("128.0.0.1", false), ("10.0.0.1", false), ("192.0.2.1", false), ("::2", false), ("::", false),
        ("127.0.0.1.example.com", false), ("localhost.example.com", false), ("127.1", false), ("0x7f000001", false),
        ("2130706433", false), ("apis.juhe.cn", false),
    ])
    func loopback(host: String, expected: Bool) {
        #expect(EndpointPolicy.isLoopback(host: host) == expected, "\(host)")
    }

    @Test("verdicts")
    func verdicts() {
        #expect(EndpointPolicy.check("https://apis.juhe.cn/videoAuth/query", allowInsecureHTTP: false) == .allowed)
        #expect(EndpointPolicy.check("http://127.0.0.1:8080/videoAuth/query", allowInsecureHTTP: false) == .allowed)
        #expect(EndpointPolicy.check("http://[::1]:8080/videoAuth/query", allowInsecureHTTP: false) == .allowed)
        #expect(EndpointPolicy.check("http://apis.juhe.cn/videoAuth/query", allowInsecureHTTP: false) == .insecureRefused(host: "apis.juhe.cn"))
        #expect(EndpointPolicy.check("HTTP://apis.juhe.cn/videoAuth/query", allowInsecureHTTP: true) == .insecureAllowed(host: "apis.juhe.cn"))
        #expect(EndpointPolicy.check("ftp://apis.juhe.cn/x", allowInsecureHTTP: true) == .invalid)
        #expect(EndpointPolicy.check("not a url", allowInsecureHTTP: true) == .invalid)
    }

    @Test("the client refuses plain http to another host before sending anything")
    func clientRefusesInsecure() async throws {
        let mp4 = try Fixtures.mp4()
        let configuration = Fixtures.configuration(endpoint: "http://192.0.2.1/videoAuth/query", logger: LogCapture().logger("client"))
        let error = await expectVideoAuthError {
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
        }
        #expect(error?.kind == .insecureEndpoint(host: "192.0.2.1"))
        #expect(error?.classification == .configuration)
        #expect(error?.attempts == 0)
        #expect(error?.description.contains("Nothing was sent") == true)
    }

    @Test("allowInsecureHTTP lets it through (TEST-NET-1 is never routed: a connect failure, not a refusal)")
    func clientAllowsInsecureWhenAsked() async throws {
        let mp4 = try Fixtures.mp4()
        var configuration = Fixtures.configuration(
            endpoint: "http://192.0.2.1/videoAuth/query", logger: LogCapture().logger("client"), retry: .none, deadline: .seconds(3))
        configuration.connectTimeout = .milliseconds(500)
        configuration.allowInsecureHTTP = true
        let error = await expectVideoAuthError {
            try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: Fixtures.name, idNumber: Fixtures.idNumber, payload: mp4)
            }
        }
        #expect(error?.attempts == 1)
        #expect(error?.mayHaveBeenCharged == false)
    }
}
