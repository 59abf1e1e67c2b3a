import Foundation
import Testing
@testable import VAPrepClient

@Suite("Tolerant parsing of the vendor's answer")
struct ResponseParsingTests {
    static let scrubber = SecretScrubber(apiKey: Fixtures.apiKey, idNumber: Fixtures.idNumber, name: Fixtures.name)
    static let now = Date(timeIntervalSince1970: 1_795_910_400)

    func interpret(_ json: String, rateType: RateType = .level1) -> ResponseInterpreter.Interpretation {
        ResponseInterpreter.interpret(Array(json.utf8), rateType: rateType, receivedAt: Self.now, scrubber: Self.scrubber)
    }

    @Test("numbers sent as strings, an order id sent as a number, unknown fields")
    func lenientTypes() throws {
        let answer = interpret("""
            {"reason":"检测成功","error_code":"0","unknown":[1,2],"result":{"orderid":123456,"livingScore":"0.998732",
             "faceScore":"0.72","faceAdvise":"系统判断为同一人","pictures":["https://a/1.jpg"],"extra":{"x":1}}}
            """)
        guard case .result(let result) = answer else { Issue.record("expected a result, got \(answer)"); return }
        #expect(result.orderID == "123456")
        #expect(result.livingScore == 0.998732)
        #expect(result.faceScore == 0.72)
        #expect(result.faceMatched)
        #expect(result.pictures == [.init(url: "https://a/1.jpg", expiresAt: Self.now.addingTimeInterval(86400))])
    }

    @Test("the vendor's own example answer")
    func vendorExample() throws {
        let answer = interpret("""
            {"reason":"检测成功","error_code":0,"result":{"orderid":"JH5461200320102518453837La","livingScore":0.998732,
             "faceScore":0.72,"faceAdvise":"系统判断为同一人","pictures":["https://apis.juhe.cn/videoAuth/face-store-njb?y=2020&m=3&d=20&p=8692dd9c848944bdb5e1e599be1e43bf.jpg&token=5e74298e52d93078ba6b5cad"]}}
            """, rateType: .level7)
        guard case .result(let result) = answer else { Issue.record("expected a result, got \(answer)"); return }
        #expect(result.orderID == "JH5461200320102518453837La")
        #expect(result.livenessPassed)        // 0.998732 > 0.994058
        #expect(result.faceMatched)
    }

    @Test("error answers with result missing, null, or not an object", arguments: [
        #"{"reason":"请求超过次数限制","error_code":10012}"#,
        #"{"reason":"请求超过次数限制","error_code":10012,"result":null}"#,
        #"{"reason":"请求超过次数限制","error_code":"10012","result":""}"#,
    ])
    func errorShapes(json: String) {
        guard case .failure(.vendor(.requestCountLimit, let reason, nil)) = interpret(json) else {
            Issue.record("expected vendor 10012 for \(json)")
            return
        }
        #expect(reason == "请求超过次数限制")
    }

    @Test("answers that are not the documented JSON are malformed", arguments: [
        #"{"reason":"no code"}"#, #"{"error_code":0,"result":null}"#, #"{"error_code":0,"result":{"livingScore":"abc"}}"#,
        "<html><body>502</body></html>", "", #"{"error_code":0,"result":{"livingSco"#, #"{"error_code":1.5}"#,
    ])
    func malformed(json: String) {
        guard case .failure(.malformedResponse) = interpret(json) else {
            Issue.record("expected malformedResponse for \(json)")
            return
        }
    }

    @Test("liveness must be strictly above the threshold; a 'different person' advice is no match")
    func judgement() {
        guard case .result(let atThreshold) = interpret(#"{"error_code":0,"result":{"orderid":"a","livingScore":0.393241}}"#) else {
            Issue.record("expected a result")
            return
        }
        #expect(!atThreshold.livenessPassed)
        guard case .result(let different) = interpret(
            #"{"error_code":0,"result":{"orderid":"a","livingScore":0.9,"faceScore":0.3,"faceAdvise":"系统判断为不同人"}}"#) else {
            Issue.record("expected a result")
            return
        }
        #expect(different.livenessPassed && !different.faceMatched)
    }

    @Test("a vendor reason that echoes the name or ID number is scrubbed")
    func reasonIsScrubbed() {
        guard case .failure(.unknownVendorCode(2_546_101, let reason, _)) = interpret(
            #"{"error_code":2546101,"reason":"张三丰 / 11010519491231002X 不匹配"}"#) else {
            Issue.record("expected an unknown vendor code")
            return
        }
        #expect(reason == "张** / 1101**********002X 不匹配")
    }
}
