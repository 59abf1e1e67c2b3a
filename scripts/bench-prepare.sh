#!/bin/sh
# Release-builds vaprep and vaprep-bench, then compares `vaprep prepare` with the ffmpeg
# command line on generated 1080p inputs (see Benchmarks/Sources/vaprep-bench/PrepareBench.swift).
# Takes a few minutes on 2 cores: generating the three 30 s inputs dominates the first run;
# pass --work-directory DIR to keep them for the next one. Extra arguments go to the harness,
# e.g. scripts/bench-prepare.sh --json --runs 7
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product vaprep
swift build -c release --package-path Benchmarks --product vaprep-bench
exec Benchmarks/.build/release/vaprep-bench prepare --vaprep "$root/.build/release/vaprep" --repetitions 5 --warmup 1 "$@"
