#!/bin/sh
# Compiles the FFmpeg-facing library target (VAPrepMedia, through the CFFmpeg shim) against
# the FFmpeg 7.1 headers of Debian 13 (trixie), without installing anything system-wide.
#
# Why: vaprep is built on Debian 12 (FFmpeg 5.1), but upload services link it on newer
# systems. The shim must hide every API difference; this check proves it does for 7.1.
#
# How: apt-get with a private sources list, state and cache (under $WORK) downloads the
# -dev packages of trixie; dpkg-deb -x unpacks them; their .pc files get their prefix
# rewritten to the unpacked folder; `swift build --target VAPrepMedia` with its own scratch
# path then compiles (no link: the 7.1 shared libraries are not needed and not installed).
#
# Usage: scripts/check-ffmpeg7.sh [WORKDIR]   (default: .build-ffmpeg7/ in the package root)
# Exit 0 when the library compiles against FFmpeg 7.1 headers; non-zero otherwise.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/.build-ffmpeg7}
mkdir -p "$work"
work=$(cd "$work" && pwd)
apt_dir=$work/apt
debs=$work/debs
sysroot=$work/sysroot
scratch=$work/scratch
packages="libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev"

mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.d" "$debs"
: > "$apt_dir/state/status"
# Same deb822 format as /etc/apt/sources.list.d/debian.sources, for trixie.
cat > "$apt_dir/trixie.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# A .sources file must be read as a "source part"; point both at private places so the
# system's bookworm lists are never consulted and nothing under /var or /etc is written.
apt_opts="-o Dir::State=$apt_dir/state -o Dir::State::status=$apt_dir/state/status
  -o Dir::Cache=$apt_dir/cache -o Dir::Etc::SourceList=/dev/null
  -o Dir::Etc::SourceParts=$apt_dir/sources.d -o APT::Sandbox::User=root
  -o Debug::NoLocking=1"
cp "$apt_dir/trixie.sources" "$apt_dir/sources.d/trixie.sources"

echo "check-ffmpeg7: apt-get update (trixie, private state in $apt_dir)" >&2
# shellcheck disable=SC2086
apt-get -qq $apt_opts update
echo "check-ffmpeg7: downloading $packages" >&2
# shellcheck disable=SC2086
(cd "$debs" && apt-get -qq $apt_opts download $packages)

rm -rf "$sysroot"
mkdir -p "$sysroot"
for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
done
pc_dir=$sysroot/usr/lib/x86_64-linux-gnu/pkgconfig
[ -d "$pc_dir" ] || pc_dir=$(dirname "$(find "$sysroot" -name libavformat.pc | head -n 1)")
# Debian writes absolute libdir/includedir (not ${prefix}/...): rewrite every /usr path.
for pc in "$pc_dir"/*.pc; do
    sed -i -e "s|^prefix=.*|prefix=$sysroot/usr|" -e "s|^libdir=/usr/|libdir=$sysroot/usr/|" \
        -e "s|^includedir=/usr/|includedir=$sysroot/usr/|" "$pc"
done
version=$(PKG_CONFIG_LIBDIR=$pc_dir pkg-config --modversion libavformat)
echo "check-ffmpeg7: libavformat $version headers in $sysroot/usr/include" >&2
case $version in
    61.*) ;;
    *) echo "check-ffmpeg7: expected libavformat 61.x (FFmpeg 7.1), got $version" >&2; exit 1 ;;
esac

# The shim as plain C first: it must pick the 7.1 branch of its version guards, not 5.1's.
echo "check-ffmpeg7: CFFmpeg.h as C against the 7.1 headers" >&2
# shellcheck disable=SC2046
printf '_Static_assert(LIBAVFORMAT_VERSION_MAJOR == 61, "not the FFmpeg 7.1 headers");\n' |
    cc -fsyntax-only -Wall -Werror=implicit-function-declaration $(PKG_CONFIG_LIBDIR=$pc_dir pkg-config --cflags libavformat libavcodec libswscale libavutil) \
        -include "$root/CFFmpeg/CFFmpeg.h" -x c -

# PKG_CONFIG_PATH is searched before the system's pkg-config folders, so SwiftPM reads the
# 7.1 .pc files; the -I they give precedes the compiler's /usr/include/x86_64-linux-gnu,
# where Debian 12's 5.1 headers live. The verbose log is kept so the include path can be
# checked (below) rather than assumed.
log=$work/build.log
echo "check-ffmpeg7: swift build --target VAPrepMedia (scratch $scratch, log $log)" >&2
status=0
(cd "$root" && PKG_CONFIG_PATH=$pc_dir swift build -v --target VAPrepMedia --scratch-path "$scratch") >"$log" 2>&1 || status=$?
if ! grep -q -- "-I *$sysroot/usr/include" "$log"; then
    echo "check-ffmpeg7: the build did not use the FFmpeg 7.1 include path; see $log" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    grep -E "error:|warning:" "$log" | sort -u | head -n 40 >&2
    echo "check-ffmpeg7: FAILED to compile VAPrepMedia against FFmpeg $version headers (log: $log)" >&2
    exit "$status"
fi
grep -E "warning:.*deprecated" "$log" | sort -u | head -n 40 >&2 || true
echo "check-ffmpeg7: OK, VAPrepMedia compiles against libavformat $version (FFmpeg 7.1)" >&2
