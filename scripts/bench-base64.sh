#!/usr/bin/env bash
# Builds vaprep-bench in release mode and runs the base64 comparison (GB/s of input, single
# thread, best/median of >= 20 repetitions, ratios to Foundation and memcpy).
#
#   scripts/bench-base64.sh                 # human table
#   scripts/bench-base64.sh --json          # JSON lines for tooling
#   scripts/bench-base64.sh --stream-file-mib 1024 --repetitions 30
#
# The numbers are only meaningful on an otherwise idle machine: check `uptime` first, and rerun
# when memcpy and memcpy-again (measured first and last) disagree by more than a few percent.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift build -c release --product vaprep-bench >&2
exec "$(swift build -c release --show-bin-path)/vaprep-bench" base64 --repetitions 20 "$@"
