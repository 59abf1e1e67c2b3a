#!/bin/sh
# Runs the whole test suite under a sanitizer, in a build folder of its own.
#
# Usage: scripts/sanitize.sh [address|thread] [extra `swift test` arguments, e.g. --filter X]
#   address (default): AddressSanitizer for Swift and C, plus UndefinedBehaviorSanitizer
#                      (SwiftPM passes -fsanitize=undefined to the C targets: the base64
#                      kernels and the C shims of our dependencies). Scratch: .build-asan
#   thread:            ThreadSanitizer. Scratch: .build-tsan
#
# Any sanitizer report fails the run (halt_on_error / exitcode), so a clean exit means clean.
# Reports from inside FFmpeg, x264, Foundation or the test runner are suppressed only through
# scripts/sanitize-leak.supp or sanitize-thread.supp (one per sanitizer: each refuses the
# other's kinds), each with a comment proving it is not ours.
# Too slow for .ci/run (see docs/fuzzing.md for durations); run by hand before a release.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-address}
[ $# -gt 0 ] && shift
cd "$root"
case $kind in
    address)
        scratch=.build-asan
        # swiftc has no -sanitize=undefined; the C targets get it through -Xcc, and its
        # handlers come with the ASan runtime that swiftc links.
        flags="--sanitize=address -Xcc -fsanitize=undefined"
        # detect_leaks: a leak in a test process is a finding too.
        export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:${ASAN_OPTIONS:-}"
        export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
        export LSAN_OPTIONS="suppressions=$root/scripts/sanitize-leak.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
        ;;
    thread)
        scratch=.build-tsan
        flags="--sanitize=thread"
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/sanitize-thread.supp:${TSAN_OPTIONS:-}"
        ;;
    *) echo "usage: $0 [address|thread] [swift test arguments...]" >&2; exit 2 ;;
esac

# Tests whose measurement a sanitizer distorts (RSS under ASan's quarantine) read this.
export VAPREP_SANITIZER=$kind

start=$(date +%s)
echo "sanitize: building tests with $flags in $scratch" >&2
# shellcheck disable=SC2086
swift build --build-tests --scratch-path "$scratch" $flags
built=$(date +%s)
echo "sanitize: running the suite under $kind" >&2
status=0
# shellcheck disable=SC2086
swift test --skip-build --no-parallel --scratch-path "$scratch" $flags "$@" || status=$?
end=$(date +%s)
echo "sanitize: $kind exit $status; build $((built - start)) s, tests $((end - built)) s" >&2
exit "$status"
