// Private to CVAPrepBase64: what every kernel provides and the tables they share.
#ifndef VAPREP_B64_CODECS_H
#define VAPREP_B64_CODECS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Every kernel works on whole 3-byte groups (n % 3 == 0); padding lives in codec_choose.c.
typedef struct {
    /// Writes exactly n / 3 * 4 bytes.
    void (*encode)(const uint8_t *in, size_t n, uint8_t *out);
    /// Writes the form-escaped text; may use spare bytes of `cap` as scratch for wide stores.
    size_t (*encode_escaped)(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
    /// Number of '+' and '/' among the n / 3 * 4 characters.
    size_t (*count_plus_slash)(const uint8_t *in, size_t n);
} vaprep_b64_codec;

extern const vaprep_b64_codec vaprep_b64_codec_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const vaprep_b64_codec vaprep_b64_codec_ssse3;
extern const vaprep_b64_codec vaprep_b64_codec_avx2;
#endif
#if defined(__x86_64__)
extern const vaprep_b64_codec vaprep_b64_codec_avx512;
#endif
#if defined(__aarch64__)
extern const vaprep_b64_codec vaprep_b64_codec_neon64;
#endif

/// The alphabet (64 characters).
extern const char vaprep_b64_alphabet[65];   // 64 characters + NUL
/// Two characters for every 12-bit value: one lookup per 1.5 input bytes (tables.c).
extern const char vaprep_b64_pair[4096][2];
/// How many of those two characters are '+' or '/' (0-2).
extern const uint8_t vaprep_b64_pair_specials[4096];

// The scalar kernel's pieces, reused by SIMD kernels for the bytes left after their last block.
void vaprep_b64_enc_scalar(const uint8_t *in, size_t n, uint8_t *out);
size_t vaprep_b64_enc_escaped_scalar(const uint8_t *in, size_t n, uint8_t *out);
size_t vaprep_b64_count_scalar(const uint8_t *in, size_t n);

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
/// Form escaping of one 8-character group by its special-character mask (built in enc_avx2.c):
/// a shuffle to spread the characters to their output slots, an add for '%', '2' and 'B'/'F'.
typedef struct {
    _Alignas(32) uint8_t shuffle[32];
    _Alignas(32) uint8_t addend[32];
} vaprep_b64_escape_entry;
extern vaprep_b64_escape_entry vaprep_b64_escape_table[256];
extern uint8_t vaprep_b64_escape_length[256];
void vaprep_b64_escape_table_init(void);

/// `group` holds the 8 characters in every 64-bit lane; writes 32 bytes, returns the new end.
__attribute__((target("avx2"))) static inline uint8_t *vaprep_b64_escape_group_avx2(__m256i group, uint32_t m, uint8_t *out) {
    const vaprep_b64_escape_entry *e = &vaprep_b64_escape_table[m];
    __m256i v = _mm256_shuffle_epi8(group, _mm256_load_si256((const __m256i *)e->shuffle));
    v = _mm256_add_epi8(v, _mm256_load_si256((const __m256i *)e->addend));
    _mm256_storeu_si256((__m256i *)out, v);
    return out + vaprep_b64_escape_length[m];
}
#endif

/// Appends the escaped form of one base64 character; returns bytes written (1 or 3).
static inline size_t vaprep_b64_put_escaped(uint8_t *out, uint8_t c) {
    if (c == '+' || c == '/' || c == '=') {
        out[0] = '%';
        out[1] = c == '+' ? '2' : c == '/' ? '2' : '3';
        out[2] = c == '+' ? 'B' : c == '/' ? 'F' : 'D';
        return 3;
    }
    out[0] = c;
    return 1;
}

/// Copies a block of `width` (16 or 32) base64 characters held in `block` (which has at least
/// 2 * width readable bytes) to `out`, escaping the characters whose bit is set in `mask`
/// (each is '+' or '/'). Runs between specials go with one fixed-width copy each, so `out`
/// needs `width` spare bytes past the escaped text. Returns bytes of escaped text.
static inline size_t vaprep_b64_escape_block(const uint8_t *block, uint32_t mask, size_t width, uint8_t *out) {
    uint8_t *start_out = out;
    size_t start = 0;
    while (mask != 0) {
        size_t pos = (size_t)__builtin_ctz(mask);
        if (width == 32) memcpy(out, block + start, 32); else memcpy(out, block + start, 16);
        out += pos - start;
        out[0] = '%';
        out[1] = '2';
        out[2] = block[pos] == '+' ? 'B' : 'F';
        out += 3;
        start = pos + 1;
        mask &= mask - 1;
    }
    if (width == 32) memcpy(out, block + start, 32); else memcpy(out, block + start, 16);
    out += width - start;
    return (size_t)(out - start_out);
}

#endif
