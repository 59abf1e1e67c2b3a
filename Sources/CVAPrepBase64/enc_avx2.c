// AVX2 kernel: 24 input bytes -> 32 characters per step, using the well-known reshuffle +
// translate technique (Wojciech Muła, Daniel Lemire): one byte shuffle spreads each 3-byte group
// over a 32-bit lane, a 16-bit multiply pair moves the four 6-bit fields to byte boundaries, and
// a saturating subtract + shuffle picks the ASCII offset for each field's range.
#if defined(__x86_64__) || defined(__i386__)
#include "codecs.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,popcnt")))

// Both lanes hold 12 input bytes at offset 0 (first block, loaded as two halves).
AVX2 static inline __m256i load_first(const uint8_t *in) {
    __m256i v = _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)in));
    v = _mm256_inserti128_si256(v, _mm_loadu_si128((const __m128i *)(in + 12)), 1);
    return _mm256_shuffle_epi8(v, _mm256_setr_epi8(
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10));
}

// Later blocks: one 32-byte load starting 4 bytes early puts the low lane's 12 bytes at offset 4
// and the high lane's at offset 0, which saves the cross-lane insert (a port-5 uop next to the
// two shuffles, the bottleneck of this loop).
AVX2 static inline __m256i load_next(const uint8_t *in) {
    __m256i v = _mm256_loadu_si256((const __m256i *)(in - 4));
    return _mm256_shuffle_epi8(v, _mm256_setr_epi8(
        5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14,
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10));
}

// Each 32-bit lane holds bytes (b, a, c, b) of a group (a, b, c); out: four 6-bit indices.
AVX2 static inline __m256i indices(__m256i v) {
    __m256i t0 = _mm256_and_si256(v, _mm256_set1_epi32(0x0fc0fc00));
    __m256i t1 = _mm256_mulhi_epu16(t0, _mm256_set1_epi32(0x04000040));
    __m256i t2 = _mm256_and_si256(v, _mm256_set1_epi32(0x003f03f0));
    __m256i t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x01000010));
    return _mm256_or_si256(t1, t3);
}

AVX2 static inline __m256i translate(__m256i idx) {
    // 0..25 -> 13 ('A'), 26..51 -> 0 ('a' - 26), 52..61 -> 1..10 ('0' - 52), 62 -> 11, 63 -> 12.
    __m256i r = _mm256_subs_epu8(idx, _mm256_set1_epi8(51));
    __m256i upper = _mm256_cmpgt_epi8(_mm256_set1_epi8(26), idx);
    r = _mm256_or_si256(r, _mm256_and_si256(upper, _mm256_set1_epi8(13)));
    const __m256i offsets = _mm256_setr_epi8(
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0,
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0);
    return _mm256_add_epi8(_mm256_shuffle_epi8(offsets, r), idx);
}

AVX2 static void enc_avx2(const uint8_t *in, size_t n, uint8_t *out) {
    if (n >= 32) {
        _mm256_storeu_si256((__m256i *)out, translate(indices(load_first(in))));
        in += 24; out += 32; n -= 24;
        // load_next reads [in - 4, in + 28): keep 28 bytes ahead (32 for a round margin).
        while (n >= 4 * 24 + 8) {
            __m256i a = translate(indices(load_next(in)));
            __m256i b = translate(indices(load_next(in + 24)));
            __m256i c = translate(indices(load_next(in + 48)));
            __m256i d = translate(indices(load_next(in + 72)));
            _mm256_storeu_si256((__m256i *)out, a);
            _mm256_storeu_si256((__m256i *)(out + 32), b);
            _mm256_storeu_si256((__m256i *)(out + 64), c);
            _mm256_storeu_si256((__m256i *)(out + 96), d);
            in += 96; out += 128; n -= 96;
        }
        while (n >= 32) {
            _mm256_storeu_si256((__m256i *)out, translate(indices(load_next(in))));
            in += 24; out += 32; n -= 24;
        }
    }
    vaprep_b64_enc_scalar(in, n, out);
}

AVX2 static size_t count_avx2(const uint8_t *in, size_t n) {
    size_t count = 0;
    const __m256i limit = _mm256_set1_epi8(61);
    if (n >= 32) {
        count += (size_t)_mm_popcnt_u32((uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(indices(load_first(in)), limit)));
        in += 24; n -= 24;
        // Byte counters (0 - (-1) per hit) summed with SAD every 64 blocks, before a byte could wrap.
        while (n >= 64 * 24 + 8) {
            __m256i acc = _mm256_setzero_si256();
            for (int i = 0; i < 64; i++) {
                acc = _mm256_sub_epi8(acc, _mm256_cmpgt_epi8(indices(load_next(in)), limit));
                in += 24;
            }
            n -= 64 * 24;
            __m256i sums = _mm256_sad_epu8(acc, _mm256_setzero_si256());
            count += (size_t)_mm256_extract_epi64(sums, 0) + (size_t)_mm256_extract_epi64(sums, 1)
                   + (size_t)_mm256_extract_epi64(sums, 2) + (size_t)_mm256_extract_epi64(sums, 3);
        }
        while (n >= 32) {
            count += (size_t)_mm_popcnt_u32((uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(indices(load_next(in)), limit)));
            in += 24; n -= 24;
        }
    }
    return count + vaprep_b64_count_scalar(in, n);
}

// Encode and escape in one pass: a block without '+' or '/' (36% of random blocks) is stored as
// is; otherwise the runs between specials are copied with one 32-byte store each.
AVX2 static size_t enc_escaped_avx2(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    uint8_t *const start = out;
    uint8_t *const end = out + cap;
    const __m256i limit = _mm256_set1_epi8(61);
    _Alignas(32) uint8_t block[64];
    // Worst case per block: 32 characters all escaped (96) + 32 spare for the last run's store.
    if (n >= 32 && (size_t)(end - out) >= 128) {
        __m256i idx = indices(load_first(in));
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(idx, limit));
        __m256i chars = translate(idx);
        if (mask == 0) { _mm256_storeu_si256((__m256i *)out, chars); out += 32; }
        else { _mm256_store_si256((__m256i *)block, chars); out += vaprep_b64_escape_block(block, mask, 32, out); }
        in += 24; n -= 24;
        while (n >= 32 && (size_t)(end - out) >= 128) {
            idx = indices(load_next(in));
            mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(idx, limit));
            chars = translate(idx);
            if (mask == 0) { _mm256_storeu_si256((__m256i *)out, chars); out += 32; }
            else { _mm256_store_si256((__m256i *)block, chars); out += vaprep_b64_escape_block(block, mask, 32, out); }
            in += 24; n -= 24;
        }
    }
    out += vaprep_b64_enc_escaped_scalar(in, n, out);
    return (size_t)(out - start);
}

const vaprep_b64_codec vaprep_b64_codec_avx2 = { enc_avx2, enc_escaped_avx2, count_avx2 };
#endif
