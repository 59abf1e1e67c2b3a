#!/usr/bin/env bash
# Cross-checks the base64 kernels on arm64 (NEON) under qemu-user, from an x86-64 machine with
# no arm64 hardware: every kernel the target runs must give byte-identical plain output,
# escaped output and +/ counts to the scalar kernel. Also runs natively for the x86 kernels.
#   apt-get install -y qemu-user gcc-aarch64-linux-gnu    # once
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/Sources/CVAPrepBase64"
choice="$root/Sources/CVAPrepKernelChoice"   # the target CVAPrepBase64 depends on
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cc -O2 -I"$src/include" -I"$src" -I"$choice/include" "$root/scripts/base64-kernel-check.c" "$src"/*.c "$choice"/*.c \
    -o "$out/native" -lpthread
"$out/native"
aarch64-linux-gnu-gcc -O2 -I"$src/include" -I"$src" -I"$choice/include" "$root/scripts/base64-kernel-check.c" "$src"/*.c \
    "$choice"/*.c -o "$out/arm64" -lpthread
qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/arm64"
