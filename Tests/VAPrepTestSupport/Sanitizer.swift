import Foundation

/// The sanitizer this test process runs under, as `scripts/sanitize.sh` names it in
/// `VAPREP_SANITIZER` (`address` or `thread`); nil in a plain build.
///
/// Tests whose *measurement* a sanitizer distorts read it and leave that bound out, never
/// their other checks: AddressSanitizer keeps freed memory in a quarantine (RSS says nothing),
/// ThreadSanitizer makes every instrumented process several times slower (wall time says nothing).
public enum Sanitizer {
    public static var current: String? { ProcessInfo.processInfo.environment["VAPREP_SANITIZER"] }
}
