#!/bin/sh
# Builds one libFuzzer target of the Fuzz/ package and fuzzes it for SECONDS.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags...]
#   TARGET: media | faststart | base64-decode | cascade-xml | vendor-response
#   FUZZ_RSS_MB (default 2048): libFuzzer's -rss_limit_mb; an input over it is a finding.
#   FUZZ_TIMEOUT (default 25): seconds one input may take (-timeout); longer is a finding.
#   FUZZ_NO_BUILD=1: skip the build (e.g. two targets fuzzing at once from one build).
#   FUZZ_SCRATCH: build folder (default Fuzz/.build-fuzz).
#
# The build (release, -sanitize=fuzzer,address for Swift, ASan + coverage for the C targets)
# lives in Fuzz/.build-fuzz. Per target, under Fuzz/.build-fuzz/run/TARGET/:
#   seeds/   rebuilt each run from testdata/ and Fuzz/Seeds/TARGET (small hand-made inputs)
#   corpus/  the working corpus; it persists, so later runs start where earlier ones stopped
#   crashes/ crash-*, leak-*, timeout-*, oom-* inputs (libFuzzer's -artifact_prefix)
#   fuzz.log the full libFuzzer output
# A crash input becomes a regression test under Tests/ (see docs/fuzzing.md); reproduce it
# with `Fuzz/.build-fuzz/release/FuzzX FILE`.
# Exit: libFuzzer's (0 no finding, non-zero when it stopped on a finding).
set -eu
# Swift's own crash backtracer would run inside the ASan process and trip it; libFuzzer
# prints the stack of a trap itself.
export SWIFT_BACKTRACE=enable=no
[ $# -ge 2 ] || { echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2; exit 2; }
target=$1; seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz=$root/Fuzz
# FUZZ_SCRATCH: another build folder (e.g. to rebuild a small target while a big one builds).
scratch=$(mkdir -p "${FUZZ_SCRATCH:-$fuzz/.build-fuzz}" && cd "${FUZZ_SCRATCH:-$fuzz/.build-fuzz}" && pwd)
case $target in
    media) product=FuzzMedia; max_len=1048576 ;;
    faststart) product=FuzzFastStart; max_len=65536 ;;
    base64-decode) product=FuzzBase64Decode; max_len=4096 ;;
    cascade-xml) product=FuzzCascadeXML; max_len=16384 ;;
    vendor-response) product=FuzzVendorResponse; max_len=4096 ;;
    *) echo "fuzz: unknown target '$target' (media, faststart, base64-decode, cascade-xml, vendor-response)" >&2; exit 2 ;;
esac

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
    echo "fuzz: building $product (release, fuzzer+address) in $scratch" >&2
    # Swift modules get libFuzzer's coverage and ASan from -sanitize; C targets (the base64
    # kernels, NIO's shims) get the same through -Xcc, so their branches guide the fuzzer too.
    (cd "$fuzz" && swift build -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address --product "$product") >&2
fi
bin=$scratch/release/$product

run=$fuzz/.build-fuzz/run/$target
seeds=$run/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$run/corpus" "$run/crashes"
[ -d "$fuzz/Seeds/$target" ] && cp "$fuzz/Seeds/$target"/* "$seeds"/ 2>/dev/null || true

# Seeds from the repository's own test material, cut to what libFuzzer can mutate quickly.
case $target in
    media)
        for f in "$root"/testdata/*.mp4 "$root"/testdata/*.mov "$root"/testdata/*.avi "$root"/testdata/hostile/*; do
            cp "$f" "$seeds/testdata-$(basename "$f")"
        done
        # Tiny clips of every allowed container: a few KB each, so mutations reach the
        # container and codec parsers instead of spending their time in megabytes of pixels.
        if command -v ffmpeg >/dev/null; then
            for spec in mp4:libx264 mov:libx264 mkv:libx264 webm:libvpx-vp9 avi:mpeg4 flv:flv ts:libx264 3gp:libx264; do
                ext=${spec%%:*}; codec=${spec#*:}
                ffmpeg -v error -y -f lavfi -i testsrc=size=32x24:rate=10:duration=0.3 \
                    -f lavfi -i sine=duration=0.3 -c:v "$codec" -pix_fmt yuv420p -c:a aac -shortest \
                    "$seeds/tiny.$ext" 2>/dev/null || rm -f "$seeds/tiny.$ext"
            done
            ffmpeg -v error -y -f lavfi -i testsrc=size=32x24:rate=10:duration=0.3 -c:v libx265 \
                -pix_fmt yuv420p10le -tag:v hvc1 "$seeds/tiny-hevc10.mov" 2>/dev/null || rm -f "$seeds/tiny-hevc10.mov"
            ffmpeg -v error -y -f lavfi -i testsrc=size=32x24:rate=10:duration=0.3 -c:v libx264 \
                -metadata:s:v rotate=90 -movflags +faststart "$seeds/tiny-rotated-faststart.mp4" 2>/dev/null || true
        fi
        ;;
    faststart)
        # moov-last files make the parser do the whole move; tiny ones keep mutations cheap.
        if command -v ffmpeg >/dev/null; then
            for n in 1 3; do
                ffmpeg -v error -y -f lavfi -i testsrc=size=16x16:rate=10:duration=0.$n -c:v libx264 \
                    "$seeds/tiny-moov-last-$n.mp4" 2>/dev/null || true
            done
        fi
        cp "$root/testdata/black.mp4" "$root/testdata/hostile/truncated.mp4" "$seeds"/
        ;;
    base64-decode)
        for f in "$root"/testdata/hostile/text.mp4 "$root"/testdata/check/opencv-reference.json; do
            head -c 600 "$f" | base64 -w 0 > "$seeds/b64-$(basename "$f")"
        done
        printf '' > "$seeds/empty"; printf 'QQ==' > "$seeds/pad2"; printf 'QUI=' > "$seeds/pad1"
        ;;
    cascade-xml)
        for f in /usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml; do
            [ -f "$f" ] && head -c "$max_len" "$f" > "$seeds/cut-$(basename "$f")"
        done
        ;;
    vendor-response) ;;
esac

# A dictionary of the format's keywords, where one exists, lets mutations reach past the syntax.
dict=$fuzz/Dictionaries/$target.dict
dict_flag=""
[ -f "$dict" ] && dict_flag="-dict=$dict"

echo "fuzz: $target for ${seconds}s, seeds $(ls "$seeds" | wc -l), corpus $(ls "$run/corpus" | wc -l), log $run/fuzz.log" >&2
status=0
# -detect_leaks=0: FFmpeg's and Swift's runtimes keep process-lifetime caches that LSan
# reports at exit; leaks per input show up as RSS growth, which -rss_limit_mb catches.
"$bin" "$run/corpus" "$seeds" \
    -max_total_time="$seconds" -max_len="$max_len" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -timeout="${FUZZ_TIMEOUT:-25}" \
    -artifact_prefix="$run/crashes/" -print_final_stats=1 -detect_leaks=0 $dict_flag \
    "$@" > "$run/fuzz.log" 2>&1 || status=$?
grep -E "^#[0-9]+ +(DONE|INITED)" "$run/fuzz.log" | tail -n 2 >&2 || true
grep -E "^stat::" "$run/fuzz.log" >&2 || true
echo "fuzz: $target exit $status; findings in $run/crashes: $(ls "$run/crashes" | wc -l)" >&2
exit "$status"
