// The reference kernel: one 2×2 block (one chroma sample) at a time. The AVX2 kernel does the
// same operations eight blocks at a time and must give the same bytes, so nothing is fused.
#pragma STDC FP_CONTRACT OFF
#include "tonemap.h"
#include <string.h>

static inline float clamp01(float v) {
    float m = 0.0f >= v ? 0.0f : v;
    return 1.0f < m ? 1.0f : m;
}

static inline uint32_t bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/// Table index of a value 0…1 (clamped) in a table of n + 1 entries.
static inline int table_index(float v, float n) { return (int)(bits(clamp01(v) * n + VAPREP_TM_MAGIC) & 0x3FFFFF); }

/// BT.709 limited-range luma code of Y' 0…1.
static inline uint8_t luma_code(float y) {
    float c = 16.0f + 219.0f * y;
    c = 16.0f >= c ? 16.0f : c;
    c = 235.0f < c ? 235.0f : c;
    return (uint8_t)(bits(c + VAPREP_TM_MAGIC) & 0xFF);
}

/// BT.709 limited-range chroma code of C −0.5…0.5.
static inline uint8_t chroma_code(float v) {
    float c = 128.0f + 224.0f * v;
    c = 16.0f >= c ? 16.0f : c;
    c = 240.0f < c ? 240.0f : c;
    return (uint8_t)(bits(c + VAPREP_TM_MAGIC) & 0xFF);
}

/// Non-linear source R'G'B' → BT.709 non-linear R'G'B' (0…1).
static inline void map_colour(const vaprep_tm_curve *t, float r0, float g0, float b0, float *ro, float *go, float *bo) {
    float r = t->linear[table_index(r0, 4095.0f)];
    float g = t->linear[table_index(g0, 4095.0f)];
    float b = t->linear[table_index(b0, 4095.0f)];
    if (t->ootf_gain) {
        float k = t->ootf_gain[table_index(0.2627f * r + 0.6780f * g + 0.0593f * b, 1023.0f)];
        r *= k; g *= k; b *= k;
    }
    // BT.2087 linear BT.2020 → BT.709, negatives clipped.
    float r7 = 1.6605f * r - 0.5876f * g - 0.0728f * b;
    float g7 = -0.1246f * r + 1.1329f * g - 0.0083f * b;
    float b7 = -0.0182f * r - 0.1006f * g + 1.1187f * b;
    r7 = 0.0f >= r7 ? 0.0f : r7;
    g7 = 0.0f >= g7 ? 0.0f : g7;
    b7 = 0.0f >= b7 ? 0.0f : b7;
    float m = b7 >= g7 ? b7 : g7;
    m = m >= r7 ? m : r7;
    if (m > t->knee) {
        float s = t->roll_off[table_index(m * t->roll_index_scale, 4095.0f)];
        r7 *= s; g7 *= s; b7 *= s;
    }
    *ro = t->oetf[table_index(r7, 4095.0f)];
    *go = t->oetf[table_index(g7, 4095.0f)];
    *bo = t->oetf[table_index(b7, 4095.0f)];
}

void vaprep_tm_kernel_scalar(const vaprep_tm_curve *t, const vaprep_tm_planes *planes,
                             int first_block, int end_block, int first_row, int end_row) {
    for (int by = first_row; by < end_row; by++) {
        const vaprep_tm_row r = vaprep_tm_row_at(planes, by);
        const uint16_t *cu = r.u, *cv = r.v, *sy0 = r.y0, *sy1 = r.y1;
        uint8_t *du = r.du, *dv = r.dv, *dy0 = r.dy0, *dy1 = r.dy1;
        for (int bx = first_block; bx < end_block; bx++) {
            const int x = 2 * bx;
            const float l00 = ((float)sy0[x] - t->y_offset) * t->y_scale, l01 = ((float)sy0[x + 1] - t->y_offset) * t->y_scale;
            const float l10 = ((float)sy1[x] - t->y_offset) * t->y_scale, l11 = ((float)sy1[x + 1] - t->y_offset) * t->y_scale;
            const float cb = ((float)cu[bx] - 32768.0f) * t->c_scale, cr = ((float)cv[bx] - 32768.0f) * t->c_scale;
            // The full colour mapping once per 2×2 block, on its mean luma and its chroma.
            const float mean = (l00 + l01 + l10 + l11) * 0.25f;
            float r, g, b;
            map_colour(t, mean + t->cr_to_r * cr, mean + t->cb_to_g * cb + t->cr_to_g * cr, mean + t->cb_to_b * cb, &r, &g, &b);
            const float y = 0.2126f * r + 0.7152f * g + 0.0722f * b;
            // Per pixel only the luma detail: the grey curve at the pixel, shifted by what colour
            // does to the block's mean.
            const float shift = y - t->grey[table_index(mean, 4095.0f)];
            dy0[x] = luma_code(t->grey[table_index(l00, 4095.0f)] + shift);
            dy0[x + 1] = luma_code(t->grey[table_index(l01, 4095.0f)] + shift);
            dy1[x] = luma_code(t->grey[table_index(l10, 4095.0f)] + shift);
            dy1[x + 1] = luma_code(t->grey[table_index(l11, 4095.0f)] + shift);
            du[bx] = chroma_code((b - y) * (1.0f / 1.8556f));
            dv[bx] = chroma_code((r - y) * (1.0f / 1.5748f));
        }
    }
}
