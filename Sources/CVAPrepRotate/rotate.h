// Internal: the source-pixel rule and the kernels rotate_choose.c picks from.
#ifndef VAPREP_ROTATE_INTERNAL_H
#define VAPREP_ROTATE_INTERNAL_H
#include "CVAPrepRotate.h"

/// Where output pixel (ox, oy) comes from: the byte at `src + base + ox·step_ox + oy·step_oy`
/// (offsets in bytes, steps may be negative). The whole meaning of an orientation is in these
/// three numbers; every kernel reads through them.
typedef struct vaprep_rot_map {
    ptrdiff_t base, step_ox, step_oy;
    int out_width, out_height, bytes_per_pixel;
    /// 1 for 90° and 270°: output rows come from source columns. (Not read off the steps: with a
    /// one-pixel-wide source whose stride is one pixel they cannot tell.)
    int swaps_axes;
} vaprep_rot_map;

/// The map for a `width`×`height` source of `bytes_per_pixel`-byte pixels, rows `src_stride`
/// apart, mirrored first when `flipped`, then turned `clockwise` (0/90/180/270) degrees.
vaprep_rot_map vaprep_rot_map_make(ptrdiff_t src_stride, int width, int height, int bytes_per_pixel,
                                   int clockwise, int flipped);

/// Output pixels [ox0, ox1) × [oy0, oy1) one at a time, any pixel size.
void vaprep_rot_kernel_scalar(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride,
                              int ox0, int ox1, int oy0, int oy1);

/// 1-byte pixels only: the whole output, 16×16 blocks in registers and the edges that are not a
/// whole block through the scalar kernel. Compiled only where SIMD is baseline.
#if defined(__x86_64__) || defined(__aarch64__)
#define VAPREP_ROT_HAVE_SIMD 1
void vaprep_rot_kernel_simd(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride);
#endif

/// Side of the square tiles the kernels walk the output in: a 64×64 tile's source and
/// destination rows (64 lines of 64 bytes each, 8 KB for 1-byte pixels) stay in L1 while a 90°
/// turn reads the source column-wise.
enum { VAPREP_ROT_TILE = 64 };
#endif
