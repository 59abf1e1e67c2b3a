import AsyncHTTPClient
import Foundation
import Testing
import VAPrepClient
import VAPrepPayload
import VAPrepSandbox
import VAPrepTestSupport

@Suite("Sandbox server: vendor-like validation, inspector, faults")
struct SandboxTests {
    /// Posts a raw form body (bypassing the client's local checks) and returns status + JSON error_code.
    static func post(_ sandbox: SandboxServer, body: String, path: String = "/videoAuth/query", contentType: String = "application/x-www-form-urlencoded",
                     headers: [String: String] = [:]) async throws -> (status: UInt, errorCode: Int?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(sandbox.port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(Array(body.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        return (response.status.code, (json?["error_code"] as? NSNumber)?.intValue)
    }

    static func form(key: String = TestIdentity.apiKey, name: String = TestIdentity.name, id: String = TestIdentity.idNumber,
                     video: String) -> String {
        String(decoding: FormURLEncoding.encode([("key", key), ("realname", name), ("idcard", id), ("videoData", video)]), as: UTF8.self)
    }

    @Test("answers the vendor's and the sandbox's codes for bad requests")
    func validation() async throws {
        let mp4 = try TestData.bytes("black.mp4")
        let good = "base64:" + Data(mp4).base64EncodedString()
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: TestIdentity.apiKey))
        do {
            #expect(try await Self.post(sandbox, body: Self.form(video: good)).errorCode == 0)
            #expect(try await Self.post(sandbox, body: Self.form(key: "nope", video: good)).errorCode == 10001)
            #expect(try await Self.post(sandbox, body: Self.form(id: "110105194912310039", video: good)).errorCode == SandboxErrorCode.invalidIDNumber.rawValue)
            #expect(try await Self.post(sandbox, body: Self.form(name: "", video: good)).errorCode == SandboxErrorCode.invalidParameter.rawValue)
            // The data-URL prefix the vendor's document warns about is refused.
            #expect(try await Self.post(sandbox, body: Self.form(video: "data:video/mp4;base64," + Data(mp4).base64EncodedString())).errorCode
                == SandboxErrorCode.invalidVideoData.rawValue)
            #expect(try await Self.post(sandbox, body: Self.form(video: "base64:!!!not base64")).errorCode == SandboxErrorCode.invalidVideoData.rawValue)
            #expect(try await Self.post(sandbox, body: Self.form(video: good) + "&rate_type=9").errorCode == SandboxErrorCode.invalidParameter.rawValue)
            #expect(try await Self.post(sandbox, body: Self.form(video: good), contentType: "application/json").errorCode == SandboxErrorCode.invalidParameter.rawValue)
            #expect(try await Self.post(sandbox, body: Self.form(video: good), path: "/other").status == 404)
            #expect(try await Self.post(sandbox, body: Self.form(video: good), headers: [SandboxFault.headerName: "explode"]).status == 400)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test("MP4 structure inspector: accepts a real MP4, refuses garbage and a truncated file")
    func inspector() async throws {
        let mp4 = try TestData.bytes("black.mp4")
        let inspector = MP4StructureInspector()
        guard case .video(.pass, _) = try await inspector.inspect(video: mp4) else {
            Issue.record("a real MP4 must pass")
            return
        }
        #expect(try await inspector.inspect(video: Array("hello world, not a box".utf8)) != .video(.pass, summary: ""))
        guard case .notAVideo = try await inspector.inspect(video: Array(mp4.prefix(mp4.count / 2))) else {
            Issue.record("a truncated MP4 must be refused")
            return
        }
        guard case .notAVideo = try await inspector.inspect(video: Array("\0\0\0\u{10}moovxxxxxxxx".utf8)) else {
            Issue.record("an MP4 without ftyp first must be refused")
            return
        }
    }

    @Test("fault header parsing", arguments: [
        ("code=10012; fail-times=2", { var f = SandboxFault(); f.errorCode = 10012; f.failTimes = 2; return f }()),
        ("delay=250,drop-after-body", { var f = SandboxFault(); f.delayMilliseconds = 250; f.dropAfterBody = true; return f }()),
        ("http500-html", { var f = SandboxFault(); f.http500HTML = true; return f }()),
    ])
    func faultParsing(header: String, fault: SandboxFault) throws {
        #expect(try SandboxFault(header: header) == fault)
    }

    @Test("unknown fault items and bad numbers are refused")
    func faultParsingErrors() {
        #expect(throws: SandboxFaultParseError(item: "explode")) { try SandboxFault(header: "explode") }
        #expect(throws: SandboxFaultParseError(item: "delay=soon")) { try SandboxFault(header: "delay=soon") }
    }

    @Test("binds an ephemeral port on 127.0.0.1 and reports it")
    func ephemeralPort() async throws {
        let first = try await SandboxServer.start()
        let second = try await SandboxServer.start()
        #expect(first.port > 0 && second.port > 0 && first.port != second.port)
        #expect(first.endpoint == "http://127.0.0.1:\(first.port)/videoAuth/query")
        await first.stop()
        await second.stop()
    }
}
