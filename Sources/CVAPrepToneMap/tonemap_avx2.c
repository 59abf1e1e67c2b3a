// AVX2: eight 2×2 blocks per step, the scalar kernel's operations lane by lane (the same IEEE
// operations in the same order, table reads as gathers, no FMA), so the bytes are the same.
// Compiled for AVX2 by function attribute and only called after tonemap_choose.c has seen the
// CPU support it.
#pragma STDC FP_CONTRACT OFF
#include "tonemap.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256 clamp01(__m256 v) {
    // max(v, 0) then min(·, 1), as the scalar kernel's comparisons pick them.
    return _mm256_min_ps(_mm256_max_ps(v, _mm256_setzero_ps()), _mm256_set1_ps(1.0f));
}

AVX2 static inline __m256i table_index(__m256 v, float n) {
    __m256 r = _mm256_add_ps(_mm256_mul_ps(clamp01(v), _mm256_set1_ps(n)), _mm256_set1_ps(VAPREP_TM_MAGIC));
    return _mm256_and_si256(_mm256_castps_si256(r), _mm256_set1_epi32(0x3FFFFF));
}

AVX2 static inline __m256 lookup(const float *table, __m256 v, float n) {
    return _mm256_i32gather_ps(table, table_index(v, n), 4);
}

/// Codes 16…235 (luma) or 16…240 (chroma) as 32-bit lanes.
AVX2 static inline __m256i code(__m256 v, float offset, float scale, float high) {
    __m256 c = _mm256_add_ps(_mm256_set1_ps(offset), _mm256_mul_ps(_mm256_set1_ps(scale), v));
    c = _mm256_min_ps(_mm256_max_ps(c, _mm256_set1_ps(16.0f)), _mm256_set1_ps(high));
    return _mm256_and_si256(_mm256_castps_si256(_mm256_add_ps(c, _mm256_set1_ps(VAPREP_TM_MAGIC))), _mm256_set1_epi32(0xFF));
}

/// Stores 8 even and 8 odd luma codes interleaved: 16 bytes e0 o0 e1 o1 …
AVX2 static inline void store_pairs(uint8_t *dst, __m256i even, __m256i odd) {
    __m256i words = _mm256_or_si256(even, _mm256_slli_epi32(odd, 8));            // 8 × (e | o << 8)
    __m256i packed = _mm256_packus_epi32(words, words);                            // per 128-bit half
    packed = _mm256_permute4x64_epi64(packed, 0x08);                               // halves' low words together
    _mm_storeu_si128((__m128i *)dst, _mm256_castsi256_si128(packed));
}

/// Stores 8 codes as 8 bytes.
AVX2 static inline void store_bytes(uint8_t *dst, __m256i codes) {
    __m256i words = _mm256_packus_epi32(codes, codes);
    words = _mm256_permute4x64_epi64(words, 0x08);
    __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(words), _mm256_castsi256_si128(words));
    _mm_storel_epi64((__m128i *)dst, bytes);
}

/// Y' 0…1 of the even and odd pixels of 16 luma samples.
AVX2 static inline void load_luma(const uint16_t *p, __m256 offset, __m256 scale, __m256 *even, __m256 *odd) {
    __m256i pairs = _mm256_loadu_si256((const __m256i *)p);
    __m256i e = _mm256_and_si256(pairs, _mm256_set1_epi32(0xFFFF));
    __m256i o = _mm256_srli_epi32(pairs, 16);
    *even = _mm256_mul_ps(_mm256_sub_ps(_mm256_cvtepi32_ps(e), offset), scale);
    *odd = _mm256_mul_ps(_mm256_sub_ps(_mm256_cvtepi32_ps(o), offset), scale);
}

AVX2 static inline __m256 load_chroma(const uint16_t *p, __m256 scale) {
    __m256i c = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    return _mm256_mul_ps(_mm256_sub_ps(_mm256_cvtepi32_ps(c), _mm256_set1_ps(32768.0f)), scale);
}

AVX2 static inline __m256 mul(float a, __m256 b) { return _mm256_mul_ps(_mm256_set1_ps(a), b); }

AVX2 int vaprep_tm_kernel_avx2(const vaprep_tm_curve *t, const vaprep_tm_planes *planes,
                               int end_block, int first_row, int end_row) {
    const int vector_end = end_block - end_block % 8;
    const __m256 y_offset = _mm256_set1_ps(t->y_offset), y_scale = _mm256_set1_ps(t->y_scale);
    const __m256 c_scale = _mm256_set1_ps(t->c_scale), zero = _mm256_setzero_ps(), knee = _mm256_set1_ps(t->knee);
    for (int by = first_row; by < end_row; by++) {
        const vaprep_tm_row r = vaprep_tm_row_at(planes, by);
        const uint16_t *cu = r.u, *cv = r.v, *sy0 = r.y0, *sy1 = r.y1;
        uint8_t *du = r.du, *dv = r.dv, *dy0 = r.dy0, *dy1 = r.dy1;
        for (int bx = 0; bx < vector_end; bx += 8) {
            const int x = 2 * bx;
            __m256 l00, l01, l10, l11;
            load_luma(sy0 + x, y_offset, y_scale, &l00, &l01);
            load_luma(sy1 + x, y_offset, y_scale, &l10, &l11);
            const __m256 cb = load_chroma(cu + bx, c_scale), cr = load_chroma(cv + bx, c_scale);
            const __m256 mean = _mm256_mul_ps(_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(l00, l01), l10), l11), _mm256_set1_ps(0.25f));
            const __m256 r0 = _mm256_add_ps(mean, mul(t->cr_to_r, cr));
            const __m256 g0 = _mm256_add_ps(_mm256_add_ps(mean, mul(t->cb_to_g, cb)), mul(t->cr_to_g, cr));
            const __m256 b0 = _mm256_add_ps(mean, mul(t->cb_to_b, cb));
            __m256 r = lookup(t->linear, r0, 4095.0f), g = lookup(t->linear, g0, 4095.0f), b = lookup(t->linear, b0, 4095.0f);
            if (t->ootf_gain) {
                const __m256 ys = _mm256_add_ps(_mm256_add_ps(mul(0.2627f, r), mul(0.6780f, g)), mul(0.0593f, b));
                const __m256 k = lookup(t->ootf_gain, ys, 1023.0f);
                r = _mm256_mul_ps(r, k); g = _mm256_mul_ps(g, k); b = _mm256_mul_ps(b, k);
            }
            __m256 r7 = _mm256_sub_ps(_mm256_sub_ps(mul(1.6605f, r), mul(0.5876f, g)), mul(0.0728f, b));
            __m256 g7 = _mm256_sub_ps(_mm256_add_ps(mul(-0.1246f, r), mul(1.1329f, g)), mul(0.0083f, b));
            __m256 b7 = _mm256_add_ps(_mm256_sub_ps(mul(-0.0182f, r), mul(0.1006f, g)), mul(1.1187f, b));
            r7 = _mm256_max_ps(r7, zero); g7 = _mm256_max_ps(g7, zero); b7 = _mm256_max_ps(b7, zero);
            const __m256 m = _mm256_max_ps(_mm256_max_ps(b7, g7), r7);
            const __m256 above = _mm256_cmp_ps(m, knee, _CMP_GT_OQ);
            if (!_mm256_testz_ps(above, above)) {
                const __m256 s = _mm256_blendv_ps(_mm256_set1_ps(1.0f),
                                                  lookup(t->roll_off, _mm256_mul_ps(m, _mm256_set1_ps(t->roll_index_scale)), 4095.0f), above);
                r7 = _mm256_mul_ps(r7, s); g7 = _mm256_mul_ps(g7, s); b7 = _mm256_mul_ps(b7, s);
            }
            r = lookup(t->oetf, r7, 4095.0f); g = lookup(t->oetf, g7, 4095.0f); b = lookup(t->oetf, b7, 4095.0f);
            const __m256 y = _mm256_add_ps(_mm256_add_ps(mul(0.2126f, r), mul(0.7152f, g)), mul(0.0722f, b));
            const __m256 shift = _mm256_sub_ps(y, lookup(t->grey, mean, 4095.0f));
            store_pairs(dy0 + x, code(_mm256_add_ps(lookup(t->grey, l00, 4095.0f), shift), 16.0f, 219.0f, 235.0f),
                        code(_mm256_add_ps(lookup(t->grey, l01, 4095.0f), shift), 16.0f, 219.0f, 235.0f));
            store_pairs(dy1 + x, code(_mm256_add_ps(lookup(t->grey, l10, 4095.0f), shift), 16.0f, 219.0f, 235.0f),
                        code(_mm256_add_ps(lookup(t->grey, l11, 4095.0f), shift), 16.0f, 219.0f, 235.0f));
            store_bytes(du + bx, code(mul(1.0f / 1.8556f, _mm256_sub_ps(b, y)), 128.0f, 224.0f, 240.0f));
            store_bytes(dv + bx, code(mul(1.0f / 1.5748f, _mm256_sub_ps(r, y)), 128.0f, 224.0f, 240.0f));
        }
    }
    return vector_end;
}
#endif
