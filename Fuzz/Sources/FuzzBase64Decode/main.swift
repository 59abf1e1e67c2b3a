import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer's command line (corpus folders, -max_total_time, -runs, a crash file to replay…)
// drives `fuzzBase64Decode`, the harness's LLVMFuzzerTestOneInput.
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, fuzzBase64Decode))
