import Foundation
import Logging
import VAPrepClient
import VAPrepPayload

/// The sandbox's behaviour, separate from the sockets: a complete request in, an answer out.
struct SandboxResponder: Sendable {
    let configuration: SandboxConfiguration
    let recorder: SandboxRecorder
    /// The bound port (the configuration may say 0).
    let port: Int

    enum Answer: Sendable, Equatable {
        case json([UInt8])
        case http(status: Int, contentType: String, body: [UInt8])
        case truncatedJSON([UInt8])
        case oversized
        case drop
    }

    /// Answers one request whose body was read completely. `fault` is already filtered by `fail-times`.
    func answer(recordIndex: Int, method: String, path: String, contentType: String?, body: [UInt8], fault: SandboxFault?) async -> Answer {
        let answer = await decide(recordIndex: recordIndex, method: method, path: path, contentType: contentType, body: body, fault: fault)
        if case .json(let bytes) = answer, let code = Self.errorCode(in: bytes) {
            recorder.update(recordIndex) { $0.answeredErrorCode = code }
        }
        if case .truncatedJSON = answer { recorder.update(recordIndex) { $0.answeredErrorCode = nil } }
        return answer
    }

    private func decide(recordIndex: Int, method: String, path: String, contentType: String?, body: [UInt8], fault: SandboxFault?) async -> Answer {
        guard path.split(separator: "?").first == "/videoAuth/query" else {
            return .http(status: 404, contentType: "text/plain", body: Array("not found: the sandbox serves POST /videoAuth/query\n".utf8))
        }
        guard method == "POST" else {
            return .http(status: 405, contentType: "text/plain", body: Array("use POST\n".utf8))
        }
        if let fault {
            if fault.dropAfterBody { return .drop }
            if let delay = fault.delayMilliseconds { try? await Task.sleep(for: .milliseconds(delay)) }
            if fault.http500HTML {
                return .http(status: 500, contentType: "text/html", body: Array("<html><body><h1>500 Internal Server Error</h1></body></html>".utf8))
            }
            if let status = fault.httpStatus {
                return .http(status: status, contentType: "text/plain", body: Array("(sandbox) scripted HTTP \(status) after the whole body was read\n".utf8))
            }
            if fault.oversized { return .oversized }
        }
        let json = await vendorAnswer(recordIndex: recordIndex, contentType: contentType, body: body, fault: fault)
        if fault?.truncatedJSON == true { return .truncatedJSON(Array(json.prefix(json.count / 2))) }
        return .json(json)
    }

    private func vendorAnswer(recordIndex: Int, contentType: String?, body: [UInt8], fault: SandboxFault?) async -> [UInt8] {
        guard contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.error(SandboxErrorCode.invalidParameter.rawValue, SandboxErrorCode.invalidParameter.reason + " Content-Type")
        }
        let fields = FormURLEncoding.decode(body)
        let text = { (name: String) in fields[name].map { String(decoding: $0, as: UTF8.self) } }
        // The vendor checks the key before anything else.
        guard let key = text("key"), key == configuration.apiKey else {
            configuration.logger.notice("sandbox: wrong key", metadata: ["key": "\(Masked.apiKey(text("key") ?? ""))"])
            return Self.error(10001, "错误的请求KEY")
        }
        if let code = fault?.errorCode { return Self.error(code, Self.reason(for: code), orderID: orderID(recordIndex, code: code)) }
        guard let nameText = text("realname"), let name = try? PersonName(nameText) else {
            return Self.error(SandboxErrorCode.invalidParameter.rawValue, SandboxErrorCode.invalidParameter.reason + " realname")
        }
        guard let idText = text("idcard"), let id = try? ResidentIDNumber(idText) else {
            return Self.error(SandboxErrorCode.invalidIDNumber.rawValue, SandboxErrorCode.invalidIDNumber.reason)
        }
        if let reserved = SandboxReservedIDs.code(for: id.value) {
            return Self.error(reserved.rawValue, Self.reason(for: reserved.rawValue), orderID: orderID(recordIndex, code: reserved.rawValue))
        }
        let rateType: RateType
        if let raw = text("rate_type"), !raw.isEmpty {
            guard let level = Int(raw).flatMap(RateType.init(rawValue:)) else {
                return Self.error(SandboxErrorCode.invalidParameter.rawValue, SandboxErrorCode.invalidParameter.reason + " rate_type")
            }
            rateType = level
        } else {
            rateType = .default
        }
        let prefix = Array(VideoData.prefix.utf8)
        guard let value = fields["videoData"], value.starts(with: prefix),
              let video = try? Base64.decode(Array(value.dropFirst(prefix.count))), !video.isEmpty
        else {
            return Self.error(SandboxErrorCode.invalidVideoData.rawValue, SandboxErrorCode.invalidVideoData.reason)
        }
        let hash = fnv1a64(video)
        recorder.update(recordIndex) {
            $0.videoByteCount = video.count
            $0.videoHash = hash
        }
        let outcome: InspectionOutcome
        do { outcome = try await configuration.inspector.inspect(video: video) } catch { outcome = .notAVideo(String(describing: error)) }
        guard case .video(let verdict, let summary) = outcome else {
            return Self.error(SandboxErrorCode.notAVideo.rawValue, SandboxErrorCode.notAVideo.reason)
        }
        configuration.logger.info("sandbox: simulated verification", metadata: [
            "name": "\(name)", "idcard": "\(id)", "videoBytes": "\(video.count)", "verdict": "\(verdict.rawValue)", "inspection": "\(summary)",
        ])
        return simulatedResult(hash: hash, verdict: verdict, rateType: rateType, fault: fault, recordIndex: recordIndex)
    }

    private func simulatedResult(hash: UInt64, verdict: InspectionOutcome.Verdict, rateType: RateType, fault: SandboxFault?, recordIndex: Int) -> [UInt8] {
        let unit = Double(hash >> 11) / Double(1 << 53)            // deterministic in [0, 1)
        let unit2 = Double((hash &* 0x9E37_79B9_7F4A_7C15) >> 11) / Double(1 << 53)
        var living: Double = switch verdict {
        case .pass: 0.95 + 0.0499 * unit
        case .warn: 0.40 + 0.55 * unit
        case .fail: 0.39 * unit
        }
        if fault?.notLive == true { living = 0.01 }
        living = (living * 1_000_000).rounded() / 1_000_000
        var result: [String: SandboxJSON] = ["orderid": .string(orderID(recordIndex, code: 0) ?? ""), "livingScore": .number(living)]
        if living > rateType.threshold {
            let mismatch = fault?.faceMismatch == true
            result["faceScore"] = .number(mismatch ? 0.21 : ((0.75 + 0.2 * unit2) * 100).rounded() / 100)
            result["faceAdvise"] = .string(mismatch ? "系统判断为不同人" : "系统判断为同一人")
            let base = "\(configuration.tlsConfiguration == nil ? "http" : "https")://\(configuration.host):\(port)/videoAuth/face-store-sandbox"
            result["pictures"] = .array((1...2).map { .string("\(base)?p=\(String(hash, radix: 16))-\($0).jpg") })
        }
        return SandboxJSON.object([
            "reason": .string("检测成功（模拟结果：vaprep sandbox, simulated, not a real verification）"),
            "error_code": .number(0),
            "result": .object(result),
        ]).bytes
    }

    private func orderID(_ index: Int, code: Int) -> String? {
        // Only answers that may be charged carry an order id worth checking.
        guard code == 0 || code == 10014 || code == 2_546_134 else { return nil }
        return "SANDBOX" + String(format3: index) + String(UInt32(truncatingIfNeeded: fnv1a64(Array("\(index)-\(code)".utf8))), radix: 16)
    }

    static func reason(for code: Int) -> String {
        if let vendor = VendorErrorCode(rawValue: code) { return "(sandbox) " + vendor.meaning }
        if let sandbox = SandboxErrorCode(rawValue: code) { return sandbox.reason }
        return "(sandbox) scripted error"
    }

    static func error(_ code: Int, _ reason: String, orderID: String? = nil) -> [UInt8] {
        SandboxJSON.object([
            "reason": .string(reason), "error_code": .number(Double(code)),
            "result": orderID.map { .object(["orderid": .string($0)]) } ?? .null,
        ]).bytes
    }

    static func errorCode(in json: [UInt8]) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])?["error_code"].flatMap { ($0 as? NSNumber)?.intValue }
    }
}
