import ArgumentParser
import Foundation
import Logging
import VAPrep
import VAPrepCheck
import VAPrepClient
import VAPrepMedia

/// `vaprep submit FILE`: prepares the clip, checks everything that can be checked locally,
/// pre-checks it, and only then pays for one videoAuth call.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Prepare, pre-check and submit a clip to the videoAuth API (a paid call); print the masked result.",
        discussion: """
            The API key comes from the environment variable named by --key-env (default VAPREP_API_KEY), the \
            name and ID number from VAPREP_NAME / VAPREP_ID (--name-env, --id-env) or from a JSON file or \
            standard input (--person FILE|-): never from arguments, which other users can read in `ps`. \
            --name/--id still work, with a warning.
            The endpoint must be https:// unless it is this machine (127.0.0.0/8, ::1, localhost); \
            --allow-insecure-http overrides that, with a warning. --ca-file trusts a private CA.
            Before paying: the name and ID number are checked (GB 11643-1999), the clip is prepared to the \
            profile's budget (a compliant clip is remuxed without metadata, audio or other tracks unless \
            --keep-metadata) and pre-checked; a pre-check verdict `fail` (exit 1) or a pre-check that cannot \
            run (exit 3 or 4) stops the call unless --force.
            Only failures that cannot have been charged are retried (connection failures before the last \
            body byte). After the whole request was sent, any failure exits 5 saying the call MAY HAVE BEEN \
            CHARGED, with the request ID and time to quote to the vendor. Test offline with `vaprep sandbox` \
            and --endpoint http://127.0.0.1:8080/videoAuth/query.
            Exit codes: 0 liveness passed and face matched; 1 the vendor judged against, or pre-check fail \
            without --force; 2 usage error; 3 input error; 4 internal error; 5 API or transport error.
            """
    )

    @Argument(help: "The video to submit.")
    var file: String

    @OptionGroup(title: "Person (kept off the command line)")
    var personOptions: PersonOptions

    @OptionGroup(title: "Endpoint")
    var endpointOptions: EndpointOptions

    @Option(help: "Liveness threshold level 1…7 (1: the vendor's default, 0.393241; 2 is the most lenient).")
    var rateType: Int = RateType.default.rawValue

    @OptionGroup(title: "Profile")
    var profileOptions: ProfileOptions

    @OptionGroup(title: "Face detector")
    var detectorOptions: DetectorOptions

    @Option(help: "Environment variable holding the API key.")
    var keyEnv: String = "VAPREP_API_KEY"

    @Option(help: "Total seconds allowed for the call, retries included.")
    var deadline: Double = 120

    @Option(help: "Seconds allowed to connect, per attempt.")
    var connectTimeout: Double = 10

    @Flag(help: "Submit even when the pre-check verdict is fail or the pre-check cannot run (the call is paid either way).")
    var force = false

    @Flag(help: "Send a compliant clip as it is, with its metadata (location, device, times) and audio, instead of stripping them.")
    var keepMetadata = false

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
        let resolved = try personOptions.resolve()
        for warning in resolved.warnings + [endpointOptions.warning].compactMap({ $0 }) { Terminal.printError(warning) }
        let person: PersonName, id: ResidentIDNumber
        do { person = try PersonName(resolved.name) } catch { throw SubmitInputError(message: error.description) }
        do { id = try ResidentIDNumber(resolved.idNumber) } catch { throw SubmitInputError(message: error.description) }
        let apiKey = ProcessInfo.processInfo.environment[keyEnv] ?? ""
        guard !apiKey.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SubmitInputError(message: "no API key: set the environment variable \(keyEnv) (or name another with --key-env)")
        }
        var logger = Logger(label: "vaprep.videoauth")
        logger.logLevel = verbose ? .info : .error   // the outcome is printed anyway; logs are for --verbose
        var configuration = VideoAuthConfiguration(
            apiKey: apiKey, connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            deadline: .milliseconds(Int64(deadline * 1000)), logger: logger)
        try endpointOptions.apply(to: &configuration)

        var chosen = try profileOptions.resolve()
        if keepMetadata { chosen.keepMetadata = true }
        if let budget = chosen.maxValueBytes { configuration.maxValueBytes = budget }
        // The same job as `vaprep FILE`: one open, the face-aware window, one decode of it that
        // feeds the encoder and the pre-check — what is judged is what is sent.
        var notRun: PreCheckFailure?
        let job: ClipJobResult
        do {
            job = try await ClipJob(path: file, profile: chosen, check: try detectorOptions.preCheck(for: chosen)).run()
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            guard force else {
                // The detector could not be built: the pre-check cannot run, so nothing is paid for.
                guard error is CascadeError else { throw error }
                let failure = PreCheckFailure(error)
                try emit(SubmitReport(file: file, person: person, id: id, endpoint: endpointOptions.endpoint, prepared: nil,
                                      precheckNotRun: failure.message))
                throw failure
            }
            // --force: the clip alone, without the search and the pre-check. An error of the clip
            // itself comes back from this run too, and ends the submit before anything is paid.
            job = try await ClipJob(path: file, profile: chosen, steps: [.encode]).run()
            notRun = PreCheckFailure(error)
        }
        guard let clip = job.prepared else { preconditionFailure("a job with the encode step returns a prepared clip") }

        var report = SubmitReport(file: file, person: person, id: id, endpoint: endpointOptions.endpoint,
                                  prepared: .init(clip, metadataStripped: !clip.passThrough || !chosen.keepMetadata))
        if let notRun {
            report.precheckNotRun = "the pre-check did not run (\(notRun.message)); submitted anyway because of --force"
        } else if let verdict = job.preCheck {
            let summary = SubmitReport.PreCheckSummary(verdict)
            report.precheck = summary
            if verdict.verdict == .fail, !force {
                try emit(report)
                throw ClipUnusable(summary: "pre-check verdict fail (\(summary.reasons.joined(separator: "; "))); not submitted — nothing was paid. "
                    + "Use --force to pay for the call anyway.")
            }
        }

        let result: VideoAuthResult
        do {
            result = try await VideoAuthClient.withClient(configuration: configuration) { client in
                try await client.verify(name: person.value, idNumber: id.value, payload: clip.mp4, rateType: RateType(rawValue: rateType)!)
            }
        } catch let error as VideoAuthError {
            report.submitted = error.attempts > 0
            report.error = .init(error)
            if json { try Terminal.printJSON(report) } else if report.precheckNotRun != nil { print(report.text) }
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
    struct Prepared: Encodable {
        var passThrough: Bool; var mp4Bytes: Int; var payloadBytes: Int; var budgetBytes: Int?
        /// False only for a pass-through with --keep-metadata: the original file, tags and audio included.
        var metadataStripped: Bool
        init(_ clip: PreparedClip, metadataStripped: Bool) {
            passThrough = clip.passThrough; mp4Bytes = clip.mp4Bytes; payloadBytes = clip.payloadBytes
            budgetBytes = clip.budgetBytes; self.metadataStripped = metadataStripped
        }
    }
    struct PreCheckSummary: Encodable {
        var verdict: String; var reasons: [String]
        init(_ report: PreCheckReport) {
            verdict = report.verdict.rawValue
            reasons = report.reasons.map { "\($0.code.rawValue): \($0.message)" }
        }
    }
    struct ErrorSummary: Encodable {
        var classification: String; var vendorCode: Int?; var orderID: String?; var attempts: Int
        var mayHaveBeenCharged: Bool; var message: String
        /// The client's ID of the call and when its body was completely sent: quote them to the vendor.
        var requestID: String?; var bodySentAt: Date?
        init(_ error: VideoAuthError) {
            classification = error.classification.rawValue; vendorCode = error.vendorCode; orderID = error.orderID
            attempts = error.attempts; mayHaveBeenCharged = error.mayHaveBeenCharged; message = error.description
            requestID = error.requestID; bodySentAt = error.bodySentAt
        }
    }

    var file: String
    var name: String
    var idNumber: String
    var endpoint: String
    /// nil when nothing was prepared (the pre-check could not run and there was no --force).
    var prepared: Prepared?
    /// nil when the pre-check did not run (see ``precheckNotRun``).
    var precheck: PreCheckSummary?
    /// Why the pre-check did not run, and whether the call went ahead anyway (--force).
    var precheckNotRun: String?
    var submitted = false
    var result: VideoAuthResult?
    var error: ErrorSummary?

    init(file: String, person: PersonName, id: ResidentIDNumber, endpoint: String, prepared: Prepared?, precheckNotRun: String? = nil) {
        self.file = file
        name = Masked.name(person.value)
        idNumber = Masked.idNumber(id.value)
        self.endpoint = endpoint
        self.prepared = prepared
        self.precheckNotRun = precheckNotRun
    }

    var text: String {
        var lines = ["\(file) for \(name) / \(idNumber)"]
        if let prepared {
            let how = prepared.passThrough ? (prepared.metadataStripped ? "remuxed without metadata and audio" : "original file, metadata kept") : "transcoded"
            lines.append("  payload    \(prepared.payloadBytes) bytes of videoData (MP4 \(prepared.mp4Bytes) bytes, \(how))")
        }
        if let precheck {
            lines.append("  pre-check  \(precheck.verdict)\(precheck.reasons.isEmpty ? "" : ": " + precheck.reasons.joined(separator: "; "))")
        } else if let precheckNotRun {
            lines.append("  pre-check  DID NOT RUN: \(precheckNotRun)")
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

/// The pre-check could not run, so nothing says the clip is worth paying for: the call is
/// blocked (3 for a problem with the clip or the installed face cascade, 4 for anything
/// else) unless `--force`.
struct PreCheckFailure: CLIClassifiedError {
    var message: String
    var cliExitCode: CLIExitCode

    init(_ error: any Error) {
        if let classified = error as? CLIClassifiedError {
            message = classified.cliMessage.replacingOccurrences(of: "vaprep: ", with: "")
            cliExitCode = classified.cliExitCode == .input ? .input : .internal
        } else {
            message = String(describing: error)
            cliExitCode = .internal
        }
    }

    var cliMessage: String {
        "vaprep: the pre-check could not run (\(message)); not submitted — nothing was paid. Use --force to pay for the call without it."
    }
}

/// A bad name, ID number or missing key, found before anything was prepared or paid.
struct SubmitInputError: CLIClassifiedError {
    var message: String
    var cliExitCode: CLIExitCode { .input }
    var cliMessage: String { "vaprep: \(message) Nothing was sent." }
}
