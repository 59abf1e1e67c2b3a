// Plain C kernels: the reference every SIMD kernel is tested against, and the fallback on CPUs
// without one. Layouts are described in graph.h.
#include "graph.h"

static void conv(const float *in, int ih, int iw, int cin, float *out, int oh, int ow, int cout,
                 const float *w, const float *bias, int k, int stride, int pad_top, int pad_left, int relu) {
    const int cs_in = vaprep_fn_stride(cin), cs_out = vaprep_fn_stride(cout);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs_out;
            for (int c = 0; c < cs_out; c++) o[c] = bias[c];
            for (int ky = 0; ky < k; ky++) {
                const int iy = oy * stride + ky - pad_top;
                if (iy < 0 || iy >= ih) continue;
                for (int kx = 0; kx < k; kx++) {
                    const int ix = ox * stride + kx - pad_left;
                    if (ix < 0 || ix >= iw) continue;
                    const float *p = in + ((size_t)iy * iw + ix) * cs_in;
                    const float *wk = w + (size_t)(ky * k + kx) * cin * cs_out;
                    for (int i = 0; i < cin; i++)
                        for (int c = 0; c < cs_out; c++) o[c] += p[i] * wk[i * cs_out + c];
                }
            }
            if (relu)
                for (int c = 0; c < cs_out; c++) o[c] = o[c] > 0 ? o[c] : 0;
        }
}

static void pointwise(const float *in, int pixels, int cin, float *out, int cout, const float *w,
                      const float *bias, int relu) {
    const int cs_in = vaprep_fn_stride(cin), cs_out = vaprep_fn_stride(cout);
    for (int p = 0; p < pixels; p++) {
        const float *x = in + (size_t)p * cs_in;
        float *o = out + (size_t)p * cs_out;
        for (int c = 0; c < cs_out; c++) o[c] = bias[c];
        for (int i = 0; i < cin; i++)
            for (int c = 0; c < cs_out; c++) o[c] += x[i] * w[i * cs_out + c];
        if (relu)
            for (int c = 0; c < cs_out; c++) o[c] = o[c] > 0 ? o[c] : 0;
    }
}

static void depthwise(const float *in, int ih, int iw, int c, float *out, int oh, int ow,
                      const float *w, const float *bias, int stride, int pad_top, int pad_left, int relu) {
    const int cs = vaprep_fn_stride(c);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs;
            for (int ch = 0; ch < cs; ch++) o[ch] = bias[ch];
            for (int ky = 0; ky < 3; ky++) {
                const int iy = oy * stride + ky - pad_top;
                if (iy < 0 || iy >= ih) continue;
                for (int kx = 0; kx < 3; kx++) {
                    const int ix = ox * stride + kx - pad_left;
                    if (ix < 0 || ix >= iw) continue;
                    const float *p = in + ((size_t)iy * iw + ix) * cs;
                    const float *wk = w + (ky * 3 + kx) * cs;
                    for (int ch = 0; ch < cs; ch++) o[ch] += p[ch] * wk[ch];
                }
            }
            if (relu)
                for (int ch = 0; ch < cs; ch++) o[ch] = o[ch] > 0 ? o[ch] : 0;
        }
}

static void maxpool(const float *in, int ih, int iw, int c, float *out, int oh, int ow) {
    const int cs = vaprep_fn_stride(c);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs;
            const float *p = in + ((size_t)(2 * oy) * iw + 2 * ox) * cs;
            const int right = 2 * ox + 1 < iw, down = 2 * oy + 1 < ih;  // SAME: the window is cut at the edge
            for (int ch = 0; ch < cs; ch++) {
                float m = p[ch];
                if (right && p[cs + ch] > m) m = p[cs + ch];
                if (down && p[(size_t)iw * cs + ch] > m) m = p[(size_t)iw * cs + ch];
                if (right && down && p[(size_t)iw * cs + cs + ch] > m) m = p[(size_t)iw * cs + cs + ch];
                o[ch] = m;
            }
        }
}

static void add(const float *a, int ca, const float *b, int cb, float *out, int pixels, int relu) {
    const int sa = vaprep_fn_stride(ca), sb = vaprep_fn_stride(cb);
    for (int p = 0; p < pixels; p++) {
        const float *x = a + (size_t)p * sa, *y = b + (size_t)p * sb;
        float *o = out + (size_t)p * sa;
        for (int c = 0; c < sa; c++) {
            float v = x[c] + (c < sb ? y[c] : 0.0f);
            o[c] = relu && v < 0 ? 0.0f : v;
        }
    }
}

const vaprep_fn_kernels vaprep_fn_kernels_scalar = {conv, pointwise, depthwise, maxpool, add};
