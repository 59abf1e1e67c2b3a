// SSSE3 kernel: the AVX2 technique at 128 bits, 12 input bytes -> 16 characters per step; for
// x86-64 CPUs without AVX2.
#if defined(__x86_64__) || defined(__i386__)
#include "codecs.h"
#include <immintrin.h>

#define SSSE3 __attribute__((target("ssse3,popcnt")))

// Reads 16 bytes, uses 12.
SSSE3 static inline __m128i indices(const uint8_t *in) {
    __m128i v = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)in),
                                 _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10));
    __m128i t0 = _mm_and_si128(v, _mm_set1_epi32(0x0fc0fc00));
    __m128i t1 = _mm_mulhi_epu16(t0, _mm_set1_epi32(0x04000040));
    __m128i t2 = _mm_and_si128(v, _mm_set1_epi32(0x003f03f0));
    __m128i t3 = _mm_mullo_epi16(t2, _mm_set1_epi32(0x01000010));
    return _mm_or_si128(t1, t3);
}

SSSE3 static inline __m128i translate(__m128i idx) {
    __m128i r = _mm_subs_epu8(idx, _mm_set1_epi8(51));
    __m128i upper = _mm_cmpgt_epi8(_mm_set1_epi8(26), idx);
    r = _mm_or_si128(r, _mm_and_si128(upper, _mm_set1_epi8(13)));
    const __m128i offsets = _mm_setr_epi8(
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0);
    return _mm_add_epi8(_mm_shuffle_epi8(offsets, r), idx);
}

SSSE3 static void enc_ssse3(const uint8_t *in, size_t n, uint8_t *out) {
    while (n >= 4 * 12 + 4) {
        __m128i a = translate(indices(in));
        __m128i b = translate(indices(in + 12));
        __m128i c = translate(indices(in + 24));
        __m128i d = translate(indices(in + 36));
        _mm_storeu_si128((__m128i *)out, a);
        _mm_storeu_si128((__m128i *)(out + 16), b);
        _mm_storeu_si128((__m128i *)(out + 32), c);
        _mm_storeu_si128((__m128i *)(out + 48), d);
        in += 48; out += 64; n -= 48;
    }
    while (n >= 16) {
        _mm_storeu_si128((__m128i *)out, translate(indices(in)));
        in += 12; out += 16; n -= 12;
    }
    vaprep_b64_enc_scalar(in, n, out);
}

SSSE3 static size_t count_ssse3(const uint8_t *in, size_t n) {
    size_t count = 0;
    const __m128i limit = _mm_set1_epi8(61);
    while (n >= 16) {
        count += (size_t)_mm_popcnt_u32((uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(indices(in), limit)));
        in += 12; n -= 12;
    }
    return count + vaprep_b64_count_scalar(in, n);
}

SSSE3 static size_t enc_escaped_ssse3(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    uint8_t *const start = out;
    uint8_t *const end = out + cap;
    const __m128i limit = _mm_set1_epi8(61);
    _Alignas(16) uint8_t block[32];
    // Worst case per block: 16 characters all escaped (48) + 16 spare for the last run's store.
    while (n >= 16 && (size_t)(end - out) >= 64) {
        __m128i idx = indices(in);
        uint32_t mask = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(idx, limit));
        __m128i chars = translate(idx);
        if (mask == 0) { _mm_storeu_si128((__m128i *)out, chars); out += 16; }
        else { _mm_store_si128((__m128i *)block, chars); out += vaprep_b64_escape_block(block, mask, 16, out); }
        in += 12; n -= 12;
    }
    out += vaprep_b64_enc_escaped_scalar(in, n, out);
    return (size_t)(out - start);
}

const vaprep_b64_codec vaprep_b64_codec_ssse3 = { enc_ssse3, enc_escaped_ssse3, count_ssse3 };
#endif
