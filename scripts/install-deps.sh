#!/bin/sh
# Installs the Debian packages vaprep builds, runs and tests with; does nothing when they are
# already installed, so it is safe to run any number of times.
#   FFmpeg's libraries (+ pkg-config) to build, the ffmpeg command for tests and scripts,
#   opencv-data for the face detector's cascade files.
set -eu
packages="libavformat-dev libavcodec-dev libswscale-dev libavutil-dev pkg-config opencv-data ffmpeg time python3"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "install-deps: installing$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi
