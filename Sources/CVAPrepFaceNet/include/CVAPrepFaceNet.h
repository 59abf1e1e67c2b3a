// CVAPrepFaceNet: the C kernels behind VAPrepCheck's CNN face detector (BlazeFace short-range).
//
// Shape borrowed from CVAPrepBase64: one file per kernel family and instruction set
// (kernels_scalar.c, kernels_avx2.c), one place that picks them at run time (kernel_choose.c), a
// scalar path every test can force. The model graph is a generated table (blazeface_short_range.c)
// run by graph.c. Swift calls only the functions below and never branches on the CPU.
#ifndef CVAPREPFACENET_H
#define CVAPREPFACENET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel identifiers for vaprep_fn_set_kernel / vaprep_fn_active_kernel.
enum {
    VAPREP_FN_KERNEL_AUTO = 0,
    VAPREP_FN_KERNEL_SCALAR = 1,
    VAPREP_FN_KERNEL_AVX2 = 2,   ///< AVX2 + FMA
};

/// Forces a kernel family (AUTO = the fastest this CPU runs). Returns 0, or -1 when this CPU or
/// build cannot run it (the active kernel is then unchanged). Process-wide, for tests and benchmarks.
int vaprep_fn_set_kernel(int kernel);
/// The kernel family inference uses now (never AUTO).
int vaprep_fn_active_kernel(void);
/// 1 when this CPU and build can run `kernel`, else 0.
int vaprep_fn_kernel_supported(int kernel);

/// A loaded network: fp32 weights repacked for the kernels and a workspace plan. Immutable after
/// creation, so one model serves any number of threads (each with its own workspace).
typedef struct vaprep_fn_model vaprep_fn_model;

/// BlazeFace short-range (128 x 128 RGB in, 896 anchors out). NULL only when out of memory.
vaprep_fn_model *vaprep_fn_model_create_blazeface_short_range(void);
void vaprep_fn_model_free(vaprep_fn_model *model);

/// Side of the square input tensor (128).
int vaprep_fn_model_input_size(const vaprep_fn_model *model);
/// Anchors (896); the box output holds 16 values per anchor.
int vaprep_fn_model_anchor_count(const vaprep_fn_model *model);
/// Floats of scratch one vaprep_fn_model_run call needs.
size_t vaprep_fn_model_workspace_count(const vaprep_fn_model *model);

/// Runs the network. `input`: size x size x 3 floats (HWC, RGB, in [-1, 1]). Writes the raw
/// logits to `scores` (anchor_count floats) and the raw regressions to `boxes` (anchor_count x 16:
/// dx, dy, w, h, then 6 keypoints x, y; in input pixels relative to the anchor).
void vaprep_fn_model_run(const vaprep_fn_model *model, const float *input, float *workspace,
                         float *scores, float *boxes);

/// Fills the input tensor as mediapipe's ImageToTensorCalculator does on the CPU: the region
/// (roi_x, roi_y, roi_w, roi_h) of the picture, in source pixels and possibly reaching outside it,
/// is mapped onto size x size (OpenCV warpPerspective, INTER_LINEAR, 5-bit sub-pixel positions,
/// 15-bit weights, zero border), rounded to 8 bits, then scaled to v * 2/255 - 1.
/// `channels` is 1 (luma, replicated to R = G = B) or 3 (RGB).
void vaprep_fn_letterbox(const uint8_t *pixels, int width, int height, int channels, size_t row_bytes,
                         double roi_x, double roi_y, double roi_w, double roi_h, int size, float *input);

#ifdef __cplusplus
}
#endif

#endif
