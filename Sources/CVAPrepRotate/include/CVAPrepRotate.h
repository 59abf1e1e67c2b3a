// CVAPrepRotate: turns pixel planes upright (mirror first when asked, then rotate 0/90/180/270°
// clockwise), for VAPrepMedia's PlaneRotation.
//
// Shape borrowed from the other kernel targets: the rule "which source pixel lands at output
// (ox, oy)" lives once (rotate.h, `vaprep_rot_map_make`), a scalar kernel that follows it pixel by
// pixel, a SIMD kernel for 1-byte planes that moves 16×16 blocks through registers (SSE2 on
// x86-64, NEON on arm64: both baseline, so nothing is picked from the CPU at run time), and one
// place that chooses between them (rotate_choose.c) which tests can force to the scalar kernel.
// Both kernels give the same bytes: rotation only moves bytes.
#ifndef CVAPREPROTATE_H
#define CVAPREPROTATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel identifiers for vaprep_rot_set_kernel / vaprep_rot_active_kernel.
enum {
    VAPREP_ROT_KERNEL_AUTO = 0,
    VAPREP_ROT_KERNEL_SCALAR = 1,
    /// 16×16 byte blocks in SSE2 (x86-64) or NEON (arm64) registers; 1-byte planes only (wider
    /// pixels always take the scalar kernel).
    VAPREP_ROT_KERNEL_SIMD = 2,
};

/// Forces a kernel (AUTO = the fastest this build runs). Returns 0, or -1 when this build cannot
/// run it (the active kernel is then unchanged). Process-wide, for tests and benchmarks.
int vaprep_rot_set_kernel(int kernel);
/// The kernel `vaprep_rot_plane` uses for 1-byte planes (never AUTO).
int vaprep_rot_active_kernel(void);
/// 1 when this build can run `kernel`, else 0.
int vaprep_rot_kernel_supported(int kernel);

/// Writes the upright version of `src` (`width`×`height` pixels of `bytes_per_pixel` bytes, rows
/// `src_stride` bytes apart) into `dst` (rows `dst_stride` bytes apart; `height`×`width` pixels
/// when `clockwise` is 90 or 270, else `width`×`height`). The picture is mirrored horizontally
/// first when `flipped` is non-zero. The planes must not overlap.
/// Returns 0, or -1 (nothing written) when `clockwise` is not 0, 90, 180 or 270, or a size is
/// not positive.
int vaprep_rot_plane(const uint8_t *src, ptrdiff_t src_stride, int width, int height, int bytes_per_pixel,
                     uint8_t *dst, ptrdiff_t dst_stride, int clockwise, int flipped);

#ifdef __cplusplus
}
#endif
#endif
