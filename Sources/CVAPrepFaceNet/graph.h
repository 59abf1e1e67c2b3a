// The graph table a generated model file fills in (see scripts/blazeface-extract.py), and the
// kernel table the dispatch point picks. Internal to CVAPrepFaceNet.
#ifndef CVAPREPFACENET_GRAPH_H
#define CVAPREPFACENET_GRAPH_H

#include <stddef.h>
#include <stdint.h>

enum { VAPREP_FN_OP_CONV = 1, VAPREP_FN_OP_DW = 2, VAPREP_FN_OP_POOL = 3, VAPREP_FN_OP_ADD = 4 };

/// An activation tensor (NHWC, batch 1).
typedef struct {
    int16_t height, width, channels;
} vaprep_fn_tensor;

/// One op. CONV: k x k convolution; DW: 3 x 3 depthwise; POOL: 2 x 2 max-pool stride 2;
/// ADD: out = a + b with b's missing channels taken as zero (the model's channel padding).
/// `weights`/`bias` are offsets into the fp16 table (-1: none).
typedef struct {
    uint8_t kind, kernel, stride, same, relu;
    int16_t a, b, out;
    int32_t weights, bias;
} vaprep_fn_op;

typedef struct {
    const vaprep_fn_tensor *tensors;
    int tensor_count;
    const vaprep_fn_op *ops;
    int op_count;
    const uint16_t *fp16;
    int fp16_count;
    int input;
    int score_heads[2], box_heads[2];
    int head_count;
} vaprep_fn_graph;

extern const vaprep_fn_graph vaprep_fn_blazeface_short_range;

/// Channel stride of a stored tensor: channels rounded up to 8 (padding lanes hold zero), so the
/// SIMD kernels need no tails.
static inline int vaprep_fn_stride(int channels) { return (channels + 7) & ~7; }

/// The kernels. Tensors are NHWC with the padded channel stride; weights are repacked fp32:
/// conv [kh][kw][cin][cout_stride], depthwise [kh][kw][c_stride], bias [cout_stride].
typedef struct {
    void (*conv)(const float *in, int ih, int iw, int cin, float *out, int oh, int ow, int cout,
                 const float *w, const float *bias, int k, int stride, int pad_top, int pad_left, int relu);
    void (*pointwise)(const float *in, int pixels, int cin, float *out, int cout, const float *w,
                      const float *bias, int relu);
    void (*depthwise)(const float *in, int ih, int iw, int c, float *out, int oh, int ow,
                      const float *w, const float *bias, int stride, int pad_top, int pad_left, int relu);
    void (*maxpool)(const float *in, int ih, int iw, int c, float *out, int oh, int ow);
    void (*add)(const float *a, int ca, const float *b, int cb, float *out, int pixels, int relu);
} vaprep_fn_kernels;

extern const vaprep_fn_kernels vaprep_fn_kernels_scalar;
#if defined(__x86_64__)
extern const vaprep_fn_kernels vaprep_fn_kernels_avx2;
#endif

#endif
