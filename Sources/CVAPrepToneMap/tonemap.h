// Internal: the kernels tonemap_choose.c picks from.
#ifndef VAPREP_TONEMAP_INTERNAL_H
#define VAPREP_TONEMAP_INTERNAL_H
#include "CVAPrepToneMap.h"

/// One kernel: block columns [first_block, end_block) of block rows [first_row, end_row).
typedef void (*vaprep_tm_kernel)(const vaprep_tm_curve *curve,
                                 const uint16_t *src_y, const uint16_t *src_u, const uint16_t *src_v,
                                 ptrdiff_t src_y_stride, ptrdiff_t src_c_stride,
                                 uint8_t *dst_y, uint8_t *dst_u, uint8_t *dst_v,
                                 ptrdiff_t dst_y_stride, ptrdiff_t dst_c_stride,
                                 int first_block, int end_block, int first_row, int end_row);

void vaprep_tm_kernel_scalar(const vaprep_tm_curve *curve,
                             const uint16_t *src_y, const uint16_t *src_u, const uint16_t *src_v,
                             ptrdiff_t src_y_stride, ptrdiff_t src_c_stride,
                             uint8_t *dst_y, uint8_t *dst_u, uint8_t *dst_v,
                             ptrdiff_t dst_y_stride, ptrdiff_t dst_c_stride,
                             int first_block, int end_block, int first_row, int end_row);

#if defined(__x86_64__)
/// Eight blocks at a time; returns the first block column it did not do (the scalar kernel
/// finishes the row).
int vaprep_tm_kernel_avx2(const vaprep_tm_curve *curve,
                          const uint16_t *src_y, const uint16_t *src_u, const uint16_t *src_v,
                          ptrdiff_t src_y_stride, ptrdiff_t src_c_stride,
                          uint8_t *dst_y, uint8_t *dst_u, uint8_t *dst_v,
                          ptrdiff_t dst_y_stride, ptrdiff_t dst_c_stride,
                          int end_block, int first_row, int end_row);
#endif

/// Round-to-nearest by the 1.5·2²³ trick: after the add the integer sits in the low mantissa bits.
#define VAPREP_TM_MAGIC 12582912.0f
#endif
