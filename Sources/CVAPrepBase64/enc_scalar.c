// Portable kernel: 6 input bytes per step through the 12-bit -> 2-character table, so each step
// is one 8-byte load, four table lookups and one 8-byte store instead of eight 6-bit lookups.
#include "codecs.h"

static inline uint64_t load_be64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline void put_group(const uint8_t *in, uint8_t *out) {
    uint32_t v = ((uint32_t)in[0] << 16) | ((uint32_t)in[1] << 8) | in[2];
    memcpy(out, vaprep_b64_pair[v >> 12], 2);
    memcpy(out + 2, vaprep_b64_pair[v & 0xFFF], 2);
}

void vaprep_b64_enc_scalar(const uint8_t *in, size_t n, uint8_t *out) {
    // 8-byte loads read 2 bytes past the 6 they use, so stop while 8 remain.
    while (n >= 8) {
        uint64_t v = load_be64(in);
        uint8_t chars[8];
        memcpy(chars + 0, vaprep_b64_pair[(v >> 52) & 0xFFF], 2);
        memcpy(chars + 2, vaprep_b64_pair[(v >> 40) & 0xFFF], 2);
        memcpy(chars + 4, vaprep_b64_pair[(v >> 28) & 0xFFF], 2);
        memcpy(chars + 6, vaprep_b64_pair[(v >> 16) & 0xFFF], 2);
        memcpy(out, chars, 8);
        in += 6;
        out += 8;
        n -= 6;
    }
    while (n >= 3) {
        put_group(in, out);
        in += 3;
        out += 4;
        n -= 3;
    }
}

size_t vaprep_b64_count_scalar(const uint8_t *in, size_t n) {
    size_t count = 0;
    while (n >= 8) {
        uint64_t v = load_be64(in);
        count += vaprep_b64_pair_specials[(v >> 52) & 0xFFF] + vaprep_b64_pair_specials[(v >> 40) & 0xFFF]
               + vaprep_b64_pair_specials[(v >> 28) & 0xFFF] + vaprep_b64_pair_specials[(v >> 16) & 0xFFF];
        in += 6;
        n -= 6;
    }
    while (n >= 3) {
        uint32_t v = ((uint32_t)in[0] << 16) | ((uint32_t)in[1] << 8) | in[2];
        count += vaprep_b64_pair_specials[v >> 12] + vaprep_b64_pair_specials[v & 0xFFF];
        in += 3;
        n -= 3;
    }
    return count;
}

size_t vaprep_b64_enc_escaped_scalar(const uint8_t *in, size_t n, uint8_t *out) {
    uint8_t *start = out;
    while (n >= 3) {
        uint32_t v = ((uint32_t)in[0] << 16) | ((uint32_t)in[1] << 8) | in[2];
        if (vaprep_b64_pair_specials[v >> 12] + vaprep_b64_pair_specials[v & 0xFFF] == 0) {
            // About 88% of random groups hold no '+' or '/': take them at table speed.
            put_group(in, out);
            out += 4;
        } else {
            uint8_t chars[4];
            put_group(in, chars);
            for (int i = 0; i < 4; i++) out += vaprep_b64_put_escaped(out, chars[i]);
        }
        in += 3;
        n -= 3;
    }
    return (size_t)(out - start);
}

// The scalar escaped path writes exactly, so it needs no spare capacity.
static size_t enc_escaped_scalar_codec(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
    (void)cap;
    return vaprep_b64_enc_escaped_scalar(in, n, out);
}

const vaprep_b64_codec vaprep_b64_codec_scalar = {
    vaprep_b64_enc_scalar,
    enc_escaped_scalar_codec,
    vaprep_b64_count_scalar,
};
