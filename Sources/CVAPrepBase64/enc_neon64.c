// NEON kernel (arm64): 48 input bytes -> 64 characters per step. vld3q de-interleaves the bytes
// into a/b/c planes, shifts build the four index planes, vqtbl4q looks all 64 characters up at
// once, and vst4q interleaves them back. Built only for __aarch64__; on x86 this file is empty.
#if defined(__aarch64__)
#include "codecs.h"
#include <arm_neon.h>

static inline uint8x16x4_t neon_alphabet(void) {
    uint8x16x4_t t;
    t.val[0] = vld1q_u8((const uint8_t *)vaprep_b64_alphabet);
    t.val[1] = vld1q_u8((const uint8_t *)vaprep_b64_alphabet + 16);
    t.val[2] = vld1q_u8((const uint8_t *)vaprep_b64_alphabet + 32);
    t.val[3] = vld1q_u8((const uint8_t *)vaprep_b64_alphabet + 48);
    return t;
}

static inline uint8x16x4_t neon_indices(const uint8_t *in) {
    uint8x16x3_t src = vld3q_u8(in);
    uint8x16x4_t idx;
    idx.val[0] = vshrq_n_u8(src.val[0], 2);
    idx.val[1] = vandq_u8(vorrq_u8(vshlq_n_u8(src.val[0], 4), vshrq_n_u8(src.val[1], 4)), vdupq_n_u8(63));
    idx.val[2] = vandq_u8(vorrq_u8(vshlq_n_u8(src.val[1], 2), vshrq_n_u8(src.val[2], 6)), vdupq_n_u8(63));
    idx.val[3] = vandq_u8(src.val[2], vdupq_n_u8(63));
    return idx;
}

static inline uint8x16x4_t neon_translate(uint8x16x4_t idx, uint8x16x4_t table) {
    uint8x16x4_t chars;
    for (int i = 0; i < 4; i++) chars.val[i] = vqtbl4q_u8(table, idx.val[i]);
    return chars;
}

static void enc_neon64(const uint8_t *in, size_t n, uint8_t *out) {
    const uint8x16x4_t table = neon_alphabet();
    while (n >= 48) {
        vst4q_u8(out, neon_translate(neon_indices(in), table));
        in += 48; out += 64; n -= 48;
    }
    vaprep_b64_enc_scalar(in, n, out);
}

static size_t count_neon64(const uint8_t *in, size_t n) {
    size_t count = 0;
    const uint8x16_t limit = vdupq_n_u8(62);
    while (n >= 48) {
        uint8x16x4_t idx = neon_indices(in);
        uint8x16_t hits = vaddq_u8(vaddq_u8(vshrq_n_u8(vcgeq_u8(idx.val[0], limit), 7), vshrq_n_u8(vcgeq_u8(idx.val[1], limit), 7)),
                                   vaddq_u8(vshrq_n_u8(vcgeq_u8(idx.val[2], limit), 7), vshrq_n_u8(vcgeq_u8(idx.val[3], limit), 7)));
        count += vaddvq_u8(hits);
        in += 48; n -= 48;
    }
    return count + vaprep_b64_count_scalar(in, n);
}

static size_t enc_escaped_neon64(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    (void)cap;
    uint8_t *const start = out;
    const uint8x16x4_t table = neon_alphabet();
    uint8_t block[64];
    while (n >= 48) {
        uint8x16x4_t idx = neon_indices(in);
        uint8x16_t top = vmaxq_u8(vmaxq_u8(idx.val[0], idx.val[1]), vmaxq_u8(idx.val[2], idx.val[3]));
        if (vmaxvq_u8(top) < 62) {
            vst4q_u8(out, neon_translate(idx, table));
            out += 64;
        } else {
            vst4q_u8(block, neon_translate(idx, table));
            for (int i = 0; i < 64; i++) out += vaprep_b64_put_escaped(out, block[i]);
        }
        in += 48; n -= 48;
    }
    out += vaprep_b64_enc_escaped_scalar(in, n, out);
    return (size_t)(out - start);
}

const vaprep_b64_codec vaprep_b64_codec_neon64 = { enc_neon64, enc_escaped_neon64, count_neon64 };
#endif
