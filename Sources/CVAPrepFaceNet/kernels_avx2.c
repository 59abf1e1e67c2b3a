// AVX2 + FMA kernels: eight channels per register (every tensor's channel stride is a multiple
// of 8, so there are no tails). Compiled for AVX2 by function attribute and only called after
// kernel_choose.c has seen the CPU support it.
#include "graph.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static inline __m256 relu8(__m256 v, int relu) { return relu ? _mm256_max_ps(v, _mm256_setzero_ps()) : v; }

AVX2 static void conv(const float *in, int ih, int iw, int cin, float *out, int oh, int ow, int cout,
                      const float *w, const float *bias, int k, int stride, int pad_top, int pad_left, int relu) {
    const int cs_in = vaprep_fn_stride(cin), cs = vaprep_fn_stride(cout);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs;
            for (int c0 = 0; c0 < cs; c0 += 8) {
                __m256 acc = _mm256_loadu_ps(bias + c0);
                for (int ky = 0; ky < k; ky++) {
                    const int iy = oy * stride + ky - pad_top;
                    if (iy < 0 || iy >= ih) continue;
                    for (int kx = 0; kx < k; kx++) {
                        const int ix = ox * stride + kx - pad_left;
                        if (ix < 0 || ix >= iw) continue;
                        const float *p = in + ((size_t)iy * iw + ix) * cs_in;
                        const float *wk = w + (size_t)(ky * k + kx) * cin * cs + c0;
                        for (int i = 0; i < cin; i++)
                            acc = _mm256_fmadd_ps(_mm256_set1_ps(p[i]), _mm256_loadu_ps(wk + (size_t)i * cs), acc);
                    }
                }
                _mm256_storeu_ps(o + c0, relu8(acc, relu));
            }
        }
}

// Four pixels x sixteen channels per step: 8 accumulators, and each weight load serves 4 pixels.
AVX2 static void pointwise(const float *in, int pixels, int cin, float *out, int cout, const float *w,
                           const float *bias, int relu) {
    const int cs_in = vaprep_fn_stride(cin), cs = vaprep_fn_stride(cout);
    int p = 0;
    for (; p + 4 <= pixels; p += 4) {
        const float *x = in + (size_t)p * cs_in;
        float *o = out + (size_t)p * cs;
        int c0 = 0;
        for (; c0 + 16 <= cs; c0 += 16) {
            __m256 b0 = _mm256_loadu_ps(bias + c0), b1 = _mm256_loadu_ps(bias + c0 + 8);
            __m256 a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
            for (int i = 0; i < cin; i++) {
                const __m256 w0 = _mm256_loadu_ps(w + (size_t)i * cs + c0), w1 = _mm256_loadu_ps(w + (size_t)i * cs + c0 + 8);
                __m256 v = _mm256_set1_ps(x[i]);
                a00 = _mm256_fmadd_ps(v, w0, a00); a01 = _mm256_fmadd_ps(v, w1, a01);
                v = _mm256_set1_ps(x[cs_in + i]);
                a10 = _mm256_fmadd_ps(v, w0, a10); a11 = _mm256_fmadd_ps(v, w1, a11);
                v = _mm256_set1_ps(x[2 * cs_in + i]);
                a20 = _mm256_fmadd_ps(v, w0, a20); a21 = _mm256_fmadd_ps(v, w1, a21);
                v = _mm256_set1_ps(x[3 * cs_in + i]);
                a30 = _mm256_fmadd_ps(v, w0, a30); a31 = _mm256_fmadd_ps(v, w1, a31);
            }
            _mm256_storeu_ps(o + c0, relu8(a00, relu)); _mm256_storeu_ps(o + c0 + 8, relu8(a01, relu));
            _mm256_storeu_ps(o + cs + c0, relu8(a10, relu)); _mm256_storeu_ps(o + cs + c0 + 8, relu8(a11, relu));
            _mm256_storeu_ps(o + 2 * cs + c0, relu8(a20, relu)); _mm256_storeu_ps(o + 2 * cs + c0 + 8, relu8(a21, relu));
            _mm256_storeu_ps(o + 3 * cs + c0, relu8(a30, relu)); _mm256_storeu_ps(o + 3 * cs + c0 + 8, relu8(a31, relu));
        }
        for (; c0 < cs; c0 += 8) {
            const __m256 b0 = _mm256_loadu_ps(bias + c0);
            __m256 a0 = b0, a1 = b0, a2 = b0, a3 = b0;
            for (int i = 0; i < cin; i++) {
                const __m256 w0 = _mm256_loadu_ps(w + (size_t)i * cs + c0);
                a0 = _mm256_fmadd_ps(_mm256_set1_ps(x[i]), w0, a0);
                a1 = _mm256_fmadd_ps(_mm256_set1_ps(x[cs_in + i]), w0, a1);
                a2 = _mm256_fmadd_ps(_mm256_set1_ps(x[2 * cs_in + i]), w0, a2);
                a3 = _mm256_fmadd_ps(_mm256_set1_ps(x[3 * cs_in + i]), w0, a3);
            }
            _mm256_storeu_ps(o + c0, relu8(a0, relu)); _mm256_storeu_ps(o + cs + c0, relu8(a1, relu));
            _mm256_storeu_ps(o + 2 * cs + c0, relu8(a2, relu)); _mm256_storeu_ps(o + 3 * cs + c0, relu8(a3, relu));
        }
    }
    for (; p < pixels; p++) {
        const float *x = in + (size_t)p * cs_in;
        float *o = out + (size_t)p * cs;
        for (int c0 = 0; c0 < cs; c0 += 8) {
            __m256 a = _mm256_loadu_ps(bias + c0);
            for (int i = 0; i < cin; i++)
                a = _mm256_fmadd_ps(_mm256_set1_ps(x[i]), _mm256_loadu_ps(w + (size_t)i * cs + c0), a);
            _mm256_storeu_ps(o + c0, relu8(a, relu));
        }
    }
}

AVX2 static void depthwise(const float *in, int ih, int iw, int c, float *out, int oh, int ow,
                           const float *w, const float *bias, int stride, int pad_top, int pad_left, int relu) {
    const int cs = vaprep_fn_stride(c);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs;
            const int iy0 = oy * stride - pad_top, ix0 = ox * stride - pad_left;
            const int inside = iy0 >= 0 && ix0 >= 0 && iy0 + 2 < ih && ix0 + 2 < iw;
            for (int c0 = 0; c0 < cs; c0 += 8) {
                __m256 acc = _mm256_loadu_ps(bias + c0);
                if (inside) {
                    const float *p = in + ((size_t)iy0 * iw + ix0) * cs + c0;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                            acc = _mm256_fmadd_ps(_mm256_loadu_ps(p + ((size_t)ky * iw + kx) * cs),
                                                  _mm256_loadu_ps(w + (ky * 3 + kx) * cs + c0), acc);
                } else {
                    for (int ky = 0; ky < 3; ky++) {
                        const int iy = iy0 + ky;
                        if (iy < 0 || iy >= ih) continue;
                        for (int kx = 0; kx < 3; kx++) {
                            const int ix = ix0 + kx;
                            if (ix < 0 || ix >= iw) continue;
                            acc = _mm256_fmadd_ps(_mm256_loadu_ps(in + ((size_t)iy * iw + ix) * cs + c0),
                                                  _mm256_loadu_ps(w + (ky * 3 + kx) * cs + c0), acc);
                        }
                    }
                }
                _mm256_storeu_ps(o + c0, relu8(acc, relu));
            }
        }
}

AVX2 static void maxpool(const float *in, int ih, int iw, int c, float *out, int oh, int ow) {
    const int cs = vaprep_fn_stride(c);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            float *o = out + ((size_t)oy * ow + ox) * cs;
            const float *p = in + ((size_t)(2 * oy) * iw + 2 * ox) * cs;
            const int right = 2 * ox + 1 < iw, down = 2 * oy + 1 < ih;
            for (int c0 = 0; c0 < cs; c0 += 8) {
                __m256 m = _mm256_loadu_ps(p + c0);
                if (right) m = _mm256_max_ps(m, _mm256_loadu_ps(p + cs + c0));
                if (down) m = _mm256_max_ps(m, _mm256_loadu_ps(p + (size_t)iw * cs + c0));
                if (right && down) m = _mm256_max_ps(m, _mm256_loadu_ps(p + (size_t)iw * cs + cs + c0));
                _mm256_storeu_ps(o + c0, m);
            }
        }
}

AVX2 static void add(const float *a, int ca, const float *b, int cb, float *out, int pixels, int relu) {
    const int sa = vaprep_fn_stride(ca), sb = vaprep_fn_stride(cb);
    for (int p = 0; p < pixels; p++) {
        const float *x = a + (size_t)p * sa, *y = b + (size_t)p * sb;
        float *o = out + (size_t)p * sa;
        for (int c0 = 0; c0 < sa; c0 += 8) {
            __m256 v = _mm256_loadu_ps(x + c0);
            if (c0 < sb) v = _mm256_add_ps(v, _mm256_loadu_ps(y + c0));
            _mm256_storeu_ps(o + c0, relu8(v, relu));
        }
    }
}

const vaprep_fn_kernels vaprep_fn_kernels_avx2 = {conv, pointwise, depthwise, maxpool, add};
#endif
