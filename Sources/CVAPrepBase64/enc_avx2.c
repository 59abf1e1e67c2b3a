// AVX2 kernel: 24 input bytes -> 32 characters per step, using the well-known reshuffle +
// translate technique (Wojciech Muła, Daniel Lemire): one byte shuffle spreads each 3-byte group
// over a 32-bit lane, a 16-bit multiply pair moves the four 6-bit fields to byte boundaries, and
// a saturating subtract + shuffle picks the ASCII offset for each field's range.
#if defined(__x86_64__) || defined(__i386__)
#include "codecs.h"
#include <immintrin.h>
#include <pthread.h>

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

// Form escaping without data-dependent branches. About 1 in 32 random characters is '+' or '/',
// so 64% of 32-character blocks hold one: a branch on "any special?" mispredicts constantly (a
// branchy version measured 2.6 GB/s at 10 MiB). Instead every 8-character group goes through a
// 256-entry table indexed by its special-character mask: one shuffle spreads the 8 characters to
// their output slots (zeros where "%2" goes), one add writes '%', '2' and turns '+'/'/' into
// 'B'/'F' (both are +0x17 away), one 32-byte store, and the pointer moves by the group's length.
vaprep_b64_escape_entry vaprep_b64_escape_table[256];
uint8_t vaprep_b64_escape_length[256];
static pthread_once_t escape_once = PTHREAD_ONCE_INIT;

static void build_escape_table(void) {
    for (int m = 0; m < 256; m++) {
        vaprep_b64_escape_entry *e = &vaprep_b64_escape_table[m];
        memset(e->shuffle, 0x80, 32);   // 0x80: pshufb writes zero
        memset(e->addend, 0, 32);
        int pos = 0;
        for (int i = 0; i < 8; i++) {
            if (m & (1 << i)) {
                e->addend[pos] = '%';
                e->addend[pos + 1] = '2';
                e->shuffle[pos + 2] = (uint8_t)i;
                e->addend[pos + 2] = 'B' - '+';   // == 'F' - '/'
                pos += 3;
            } else {
                e->shuffle[pos] = (uint8_t)i;
                pos += 1;
            }
        }
        // The high lane holds the same 8 characters (vpermq broadcast), so indices work there too.
        vaprep_b64_escape_length[m] = (uint8_t)pos;
    }
}

void vaprep_b64_escape_table_init(void) { pthread_once(&escape_once, build_escape_table); }

#define escape_group vaprep_b64_escape_group_avx2

AVX2 static inline uint8_t *escape_block(__m256i idx, uint8_t *out) {
    uint32_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(idx, _mm256_set1_epi8(61)));
    __m256i chars = translate(idx);
    out = escape_group(_mm256_permute4x64_epi64(chars, 0x00), mask & 0xFF, out);
    out = escape_group(_mm256_permute4x64_epi64(chars, 0x55), (mask >> 8) & 0xFF, out);
    out = escape_group(_mm256_permute4x64_epi64(chars, 0xAA), (mask >> 16) & 0xFF, out);
    return escape_group(_mm256_permute4x64_epi64(chars, 0xFF), mask >> 24, out);
}

AVX2 static size_t enc_escaped_avx2(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    uint8_t *const start = out;
    uint8_t *const end = out + cap;
    vaprep_b64_escape_table_init();
    // Worst case per block: 32 characters all escaped (96) + 8 spare for the last 32-byte store;
    // 128 keeps a round margin.
    if (n >= 32 && (size_t)(end - out) >= 128) {
        out = escape_block(indices(load_first(in)), out);
        in += 24; n -= 24;
        while (n >= 32 && (size_t)(end - out) >= 128) {
            out = escape_block(indices(load_next(in)), out);
            in += 24; n -= 24;
        }
    }
    out += vaprep_b64_enc_escaped_scalar(in, n, out);
    return (size_t)(out - start);
}

const vaprep_b64_codec vaprep_b64_codec_avx2 = { enc_avx2, enc_escaped_avx2, count_avx2 };
#endif
