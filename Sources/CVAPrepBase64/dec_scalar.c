// Strict scalar decoder. Decoding is not on the hot path (round-trip checks and the local
// sandbox server), so it favours exact error reporting over speed: it rejects anything that
// RFC 4648 section 4 does not produce, including non-zero bits under the padding.
#include "CVAPrepBase64.h"
#include "codecs.h"

#define INV 0xFF
#define D(c) (uint8_t)((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26 : \
              (c) >= '0' && (c) <= '9' ? (c) - '0' + 52 : (c) == '+' ? 62 : (c) == '/' ? 63 : INV)
#define D4(c) D(c), D((c) + 1), D((c) + 2), D((c) + 3)
#define D16(c) D4(c), D4((c) + 4), D4((c) + 8), D4((c) + 12)
#define D64(c) D16(c), D16((c) + 16), D16((c) + 32), D16((c) + 48)
static const uint8_t value_of[256] = { D64(0), D64(64), D64(128), D64(192) };

size_t vaprep_b64_decoded_capacity(size_t n) { return n / 4 * 3; }

static int bad_char(const uint8_t *in, size_t at, size_t *error_offset) {
    *error_offset = at;
    return in[at] == '=' ? VAPREP_B64_ERR_PADDING : VAPREP_B64_ERR_CHARACTER;
}

int vaprep_b64_decode(const uint8_t *in, size_t n, uint8_t *out, size_t *out_len, size_t *error_offset) {
    *out_len = 0;
    *error_offset = 0;
    if (n % 4 != 0) { *error_offset = n; return VAPREP_B64_ERR_LENGTH; }
    if (n == 0) return VAPREP_B64_OK;
    size_t i = 0, w = 0;
    for (; i + 4 < n; i += 4) {
        uint32_t a = value_of[in[i]], b = value_of[in[i + 1]], c = value_of[in[i + 2]], d = value_of[in[i + 3]];
        if ((a | b | c | d) & 0x80) {
            for (size_t k = i; k < i + 4; k++) if (value_of[in[k]] == INV) return bad_char(in, k, error_offset);
        }
        uint32_t v = a << 18 | b << 12 | c << 6 | d;
        out[w] = (uint8_t)(v >> 16); out[w + 1] = (uint8_t)(v >> 8); out[w + 2] = (uint8_t)v;
        w += 3;
    }
    // Last quad: "xx==", "xxx=" or "xxxx".
    size_t pad = in[i + 3] == '=' ? (in[i + 2] == '=' ? 2 : 1) : 0;
    for (size_t k = i; k < i + 4 - pad; k++) if (value_of[in[k]] == INV) return bad_char(in, k, error_offset);
    uint32_t v = (uint32_t)value_of[in[i]] << 18 | (uint32_t)value_of[in[i + 1]] << 12;
    if (pad < 2) v |= (uint32_t)value_of[in[i + 2]] << 6;
    if (pad < 1) v |= value_of[in[i + 3]];
    // Bits under the padding must be zero, or two different texts would decode to one value.
    if ((pad == 2 && (v & 0xFFFF)) || (pad == 1 && (v & 0xFF))) { *error_offset = i + 3 - pad; return VAPREP_B64_ERR_PADDING; }
    out[w++] = (uint8_t)(v >> 16);
    if (pad < 2) out[w++] = (uint8_t)(v >> 8);
    if (pad < 1) out[w++] = (uint8_t)v;
    *out_len = w;
    return VAPREP_B64_OK;
}
