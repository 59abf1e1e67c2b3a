// Internal: the kernels tonemap_choose.c picks from.
#ifndef VAPREP_TONEMAP_INTERNAL_H
#define VAPREP_TONEMAP_INTERNAL_H
#include "CVAPrepToneMap.h"

/// Block columns [first_block, end_block) of block rows [first_row, end_row).
void vaprep_tm_kernel_scalar(const vaprep_tm_curve *curve, const vaprep_tm_planes *planes,
                             int first_block, int end_block, int first_row, int end_row);

#if defined(__x86_64__)
/// Block columns [0, end_block) eight at a time, of block rows [first_row, end_row); returns the
/// first block column it did not do (the scalar kernel finishes the row).
int vaprep_tm_kernel_avx2(const vaprep_tm_curve *curve, const vaprep_tm_planes *planes,
                          int end_block, int first_row, int end_row);
#endif

/// The rows of one block row `by`: two luma rows and one chroma row, source and destination.
typedef struct vaprep_tm_row {
    const uint16_t *y0, *y1, *u, *v;
    uint8_t *dy0, *dy1, *du, *dv;
} vaprep_tm_row;

static inline vaprep_tm_row vaprep_tm_row_at(const vaprep_tm_planes *p, int by) {
    vaprep_tm_row r;
    r.y0 = p->src_y + 2 * by * p->src_y_stride;
    r.y1 = r.y0 + p->src_y_stride;
    r.u = p->src_u + by * p->src_c_stride;
    r.v = p->src_v + by * p->src_c_stride;
    r.dy0 = p->dst_y + 2 * by * p->dst_y_stride;
    r.dy1 = r.dy0 + p->dst_y_stride;
    r.du = p->dst_u + by * p->dst_c_stride;
    r.dv = p->dst_v + by * p->dst_c_stride;
    return r;
}

/// Round-to-nearest by the 1.5·2²³ trick: after the add the integer sits in the low mantissa bits.
#define VAPREP_TM_MAGIC 12582912.0f
#endif
