// CVAPrepToneMap: the per-pixel loop behind VAPrepMedia's ToneMapper (HLG/PQ 16-bit 4:2:0 →
// 8-bit BT.709 4:2:0).
//
// Shape borrowed from CVAPrepFaceNet: one file per instruction set (tonemap_scalar.c,
// tonemap_avx2.c), one place that picks them at run time (tonemap_choose.c), a scalar path every
// test can force. The curves themselves are built and documented in Swift (`ToneMapper`); C only
// reads them through the tables. Both kernels give the same bytes: every operation is the same
// IEEE single-precision operation in the same order, with no fused multiply-add.
#ifndef CVAPREPTONEMAP_H
#define CVAPREPTONEMAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel identifiers for vaprep_tm_set_kernel / vaprep_tm_active_kernel.
enum {
    VAPREP_TM_KERNEL_AUTO = 0,
    VAPREP_TM_KERNEL_SCALAR = 1,
    VAPREP_TM_KERNEL_AVX2 = 2,
};

/// Forces a kernel family (AUTO = the fastest this CPU runs). Returns 0, or -1 when this CPU or
/// build cannot run it (the active kernel is then unchanged). Process-wide, for tests and benchmarks.
int vaprep_tm_set_kernel(int kernel);
/// The kernel family `vaprep_tm_rows` uses now (never AUTO).
int vaprep_tm_active_kernel(void);
/// 1 when this CPU and build can run `kernel`, else 0.
int vaprep_tm_kernel_supported(int kernel);

/// The tables and constants of one tone curve and source matrix (see ToneMapper.swift).
typedef struct vaprep_tm_curve {
    const float *linear;      ///< 4096: signal → linear light (PQ: ÷ reference white; HLG: scene light)
    const float *ootf_gain;   ///< 1024: HLG's OOTF gain by scene luminance; NULL for PQ
    const float *roll_off;    ///< 4096: max(R,G,B) · roll_index_scale → roll-off factor
    const float *oetf;        ///< 4096: linear → BT.709 signal
    const float *grey;        ///< 4096: source Y' → output Y' of a grey of that signal
    float roll_index_scale;   ///< 1 / peak
    float knee;               ///< above it the roll-off applies
    float y_offset, y_scale;  ///< 16-bit source luma code → Y' 0…1
    float c_scale;            ///< 16-bit source chroma code − 32768 → C −0.5…0.5
    float cr_to_r, cb_to_g, cr_to_g, cb_to_b;  ///< the source matrix, Y'CbCr → R'G'B'
} vaprep_tm_curve;

/// The planes of one picture: the 16-bit source (strides in elements) and the 8-bit
/// destination (strides in bytes), both 4:2:0.
typedef struct vaprep_tm_planes {
    const uint16_t *src_y, *src_u, *src_v;
    ptrdiff_t src_y_stride, src_c_stride;
    uint8_t *dst_y, *dst_u, *dst_v;
    ptrdiff_t dst_y_stride, dst_c_stride;
} vaprep_tm_planes;

/// Tone maps block rows [first_block_row, end_block_row) of a picture `width` pixels wide (even);
/// a block row is two pixel rows and one chroma row.
void vaprep_tm_rows(const vaprep_tm_curve *curve, const vaprep_tm_planes *planes,
                    int width, int first_block_row, int end_block_row);

#ifdef __cplusplus
}
#endif
#endif
