import ArgumentParser
import Foundation
import Logging
import VAPrep
import VAPrepCheck
import VAPrepClient
import VAPrepMedia

/// `vaprep submit FILE --name NAME --id NUMBER`: prepares the clip, checks everything that
/// can be checked locally, pre-checks it, and only then pays for one videoAuth call.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Prepare, pre-check and submit a clip to the videoAuth API (a paid call); print the masked result.",
        discussion: """
            The API key comes from the environment variable named by --key-env (default VAPREP_API_KEY), \
            never from an argument, which other users could read in `ps`.
            Before paying: the name and ID number are checked (GB 11643-1999), the clip is prepared to the \
            profile's budget and pre-checked; a clip whose pre-check verdict is `fail` is not sent unless --force.
            Only failures that cannot have been charged are retried (rate limits, maintenance, connection \
            failures before the body was sent). Test offline with `vaprep sandbox` and \
            --endpoint http://127.0.0.1:8080/videoAuth/query.
            Exit codes: 0 liveness passed and face matched; 1 the vendor judged against, or pre-check fail \
            without --force; 3 input error; 5 API or transport error.
            """
    )

    @Argument(help: "The video to submit.")
    var file: String

    @Option(help: "The name as printed on the ID document (Chinese characters with an optional ·, or Latin letters).")
    var name: String

    @Option(name: .customLong("id"), help: "The 18-character ID number (resident card, 81/82/83 permit, or 9… permanent residence).")
    var idNumber: String

    @Option(help: "Liveness threshold level 1…7 (1: the vendor's default, 0.393241; 2 is the most lenient).")
    var rateType: Int = RateType.default.rawValue

    @Option(help: "The API endpoint.")
    var endpoint: String = VideoAuthConfiguration.vendorEndpoint

    @Option(help: "Built-in profile name (its budget bounds the payload).")
    var profile: String?

    @Option(help: "Environment variable holding the API key.")
    var keyEnv: String = "VAPREP_API_KEY"

    @Option(help: "Total seconds allowed for the call, retries included.")
    var deadline: Double = 120

    @Option(help: "Seconds allowed to connect, per attempt.")
    var connectTimeout: Double = 10

    @Flag(help: "Submit even when the pre-check verdict is fail (the call is paid either way).")
    var force = false

    @Flag(help: "Print a JSON object (masked name and ID number, prepared sizes, pre-check, result or error).")
    var json = false

    @Flag(help: "Log the request, retries and answer (masked) on stderr.")
    var verbose = false

    func validate() throws {
        guard RateType(rawValue: rateType) != nil else { throw ValidationError("--rate-type must be 1…7, not \(rateType)") }
        guard deadline > 0, connectTimeout > 0 else { throw ValidationError("--deadline and --connect-timeout must be positive") }
    }

    func run() async throws {
        // Everything local first: nothing to prepare for an identity that will be refused.
        let person: PersonName, id: ResidentIDNumber
        do { person = try PersonName(name) } catch { throw SubmitInputError(message: error.description) }
        do { id = try ResidentIDNumber(idNumber) } catch { throw SubmitInputError(message: error.description) }
        let apiKey = ProcessInfo.processInfo.environment[keyEnv] ?? ""
        guard !apiKey.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SubmitInputError(message: "no API key: set the environment variable \(keyEnv) (or name another with --key-env)")
        }
        let chosen = try Profile.named(profile ?? Profile.default.name)
        // The same job as `vaprep FILE`: the window it judges is the window sent.
        let job = SubmitPreCheck.job(path: file, profile: chosen)
        let jobResult = try await job.run()
        guard let clip = jobResult.prepared else { preconditionFailure("a job with the encode step returns a prepared clip") }

        var report = SubmitReport(
            file: file, name: Masked.name(person.value), idNumber: Masked.idNumber(id.value), endpoint: endpoint,
            prepared: .init(passThrough: clip.passThrough, mp4Bytes: clip.mp4Bytes, payloadBytes: clip.payloadBytes, budgetBytes: clip.budgetBytes))
        report.precheck = jobResult.preCheck.map(SubmitPreCheck.summary)
        if let precheck = report.precheck, precheck.verdict == PreCheckReport.Verdict.fail.rawValue, !force {
            report.submitted = false
            try emit(report)
            throw ClipUnusable(summary: "pre-check verdict fail (\(precheck.reasons.joined(separator: "; "))); not submitted — nothing was paid. Use --force to pay for the call anyway.")
        }

        var logger = Logger(label: "vaprep.videoauth")
        logger.logLevel = verbose ? .info : .error   // the outcome is printed anyway; logs are for --verbose
        var configuration = VideoAuthConfiguration(
            apiKey: apiKey, endpoint: endpoint, connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            deadline: .milliseconds(Int64(deadline * 1000)), logger: logger)
        if let budget = chosen.maxValueBytes { configuration.maxValueBytes = budget }
        let result: VideoAuthResult
        do {
            result = try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: person.value, idNumber: id.value, payload: clip.mp4, rateType: RateType(rawValue: rateType)!)
            }
        } catch let error as VideoAuthError {
            report.submitted = error.attempts > 0
            report.error = .init(error)
            if json { try Terminal.printJSON(report) }
            throw error
        }
        report.submitted = true
        report.result = result
        try emit(report)
        guard result.livenessPassed && result.faceMatched else {
            let why = !result.livenessPassed
                ? String(format: "liveness failed (livingScore %.6f ≤ threshold %.6f)", result.livingScore, result.threshold)
                : "the face does not match the ID photo (\(result.faceAdvise ?? "no comparison"))"
            throw ClipUnusable(summary: "the vendor judged against: \(why); orderid \(result.orderID)")
        }
    }

    private func emit(_ report: SubmitReport) throws {
        if json { try Terminal.printJSON(report) } else { print(report.text) }
    }
}

/// What `submit` prints; the name and ID number only masked.
struct SubmitReport: Encodable {
    struct Prepared: Encodable { var passThrough: Bool; var mp4Bytes: Int; var payloadBytes: Int; var budgetBytes: Int? }
    struct PreCheckSummary: Encodable { var verdict: String; var reasons: [String] }
    struct ErrorSummary: Encodable {
        var classification: String; var vendorCode: Int?; var orderID: String?; var attempts: Int
        var mayHaveBeenCharged: Bool; var message: String
        init(_ error: VideoAuthError) {
            classification = error.classification.rawValue; vendorCode = error.vendorCode; orderID = error.orderID
            attempts = error.attempts; mayHaveBeenCharged = error.mayHaveBeenCharged; message = error.description
        }
    }

    var file: String
    var name: String
    var idNumber: String
    var endpoint: String
    var prepared: Prepared
    /// nil when the pre-check could not run (no face cascade installed).
    var precheck: PreCheckSummary?
    var submitted = false
    var result: VideoAuthResult?
    var error: ErrorSummary?

    var text: String {
        var lines = ["\(file) for \(name) / \(idNumber)"]
        lines.append("  payload    \(prepared.payloadBytes) bytes of videoData (MP4 \(prepared.mp4Bytes) bytes, \(prepared.passThrough ? "pass-through" : "transcoded"))")
        if let precheck {
            lines.append("  pre-check  \(precheck.verdict)\(precheck.reasons.isEmpty ? "" : ": " + precheck.reasons.joined(separator: "; "))")
        } else {
            lines.append("  pre-check  not available (no face cascade installed)")
        }
        if let result {
            lines.append("  orderid    \(result.orderID)")
            lines.append(String(format: "  liveness   %@ (livingScore %.6f, threshold %.6f, rate_type %d)",
                                result.livenessPassed ? "passed" : "FAILED", result.livingScore, result.threshold, result.rateType.rawValue))
            let face = result.faceScore.map { String(format: "%.4f", $0) } ?? "n/a"
            lines.append("  face       \(result.faceMatched ? "matched" : "NOT matched") (faceScore \(face)\(result.faceAdvise.map { ", \($0)" } ?? ""))")
            if let first = result.pictures.first {
                lines.append("  pictures   \(result.pictures.count), downloadable until \(ISO8601DateFormatter().string(from: first.expiresAt))")
            }
            if let reason = result.reason { lines.append("  reason     \(reason)") }
        } else if !submitted {
            lines.append("  submitted  no")
        }
        return lines.joined(separator: "\n")
    }
}

/// The pre-check side of `submit` and of the sandbox's inspector: both run a ``ClipJob``, so
/// what is judged is what is sent.
enum SubmitPreCheck {
    /// The job `submit` runs: every step, or only the encode when no face cascade is
    /// installed (the pre-check then reports "not available" instead of stopping the call).
    static func job(path: String, profile: Profile) -> ClipJob {
        guard let check = try? PreCheck(thresholds: Plan.preCheckThresholds(for: profile)) else {
            return ClipJob(path: path, profile: profile, steps: [.encode])
        }
        return ClipJob(path: path, profile: profile, steps: .all, check: check)
    }

    static func summary(_ report: PreCheckReport) -> SubmitReport.PreCheckSummary {
        .init(verdict: report.verdict.rawValue, reasons: report.reasons.map { "\($0.code.rawValue): \($0.message)" })
    }

    /// Writes `bytes` to a 0600 temp file, runs `body` with its path, removes it; nil if it cannot be written.
    static func withPrivateTempFile<T>(_ bytes: [UInt8], _ body: (String) async throws -> T) async rethrows -> T? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vaprep-\(UUID().uuidString).mp4").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }
}

/// A bad name, ID number or missing key, found before anything was prepared or paid.
struct SubmitInputError: CLIClassifiedError {
    var message: String
    var cliExitCode: CLIExitCode { .input }
    var cliMessage: String { "vaprep: \(message) Nothing was sent." }
}
