#!/bin/sh
# Release-builds vaprep and vaprep-bench, then compares `vaprep prepare` (at 0 and with its
# default face-aware window) and `vaprep FILE` with the ffmpeg command line on generated 1080p
# inputs (see Benchmarks/Sources/vaprep-bench/PrepareBench.swift and docs/pipeline.md).
# Both binaries come from the Benchmarks package's one release build (vaprep is a product of
# its dependency), so the dependencies are compiled once.
# Takes a few minutes on 2 cores: generating the 30 s inputs dominates the first run;
# pass --work-directory DIR to keep them for the next one. Extra arguments go to the harness,
# e.g. scripts/bench-prepare.sh --json --runs 7
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --package-path Benchmarks --product vaprep-bench
swift build -c release --package-path Benchmarks --product vaprep
exec Benchmarks/.build/release/vaprep-bench prepare --vaprep "$root/Benchmarks/.build/release/vaprep" --repetitions 5 --warmup 1 "$@"
