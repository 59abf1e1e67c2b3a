// Lookup tables built by the preprocessor, so they are constant data with no start-up cost and
// no thread-safety question.
#include "codecs.h"

#define VAPREP_CH(i) ((i) < 26 ? 'A' + (i) : (i) < 52 ? 'a' + (i) - 26 : (i) < 62 ? '0' + (i) - 52 : (i) == 62 ? '+' : '/')
#define P1(v) { (char)VAPREP_CH((v) >> 6), (char)VAPREP_CH((v) & 63) },
#define P4(v) P1(v) P1((v) + 1) P1((v) + 2) P1((v) + 3)
#define P16(v) P4(v) P4((v) + 4) P4((v) + 8) P4((v) + 12)
#define P64(v) P16(v) P16((v) + 16) P16((v) + 32) P16((v) + 48)
#define P256(v) P64(v) P64((v) + 64) P64((v) + 128) P64((v) + 192)
#define P1024(v) P256(v) P256((v) + 256) P256((v) + 512) P256((v) + 768)

const char vaprep_b64_pair[4096][2] = { P1024(0) P1024(1024) P1024(2048) P1024(3072) };

#define S1(v) (uint8_t)((((v) >> 6) >= 62) + (((v) & 63) >= 62)),
#define S4(v) S1(v) S1((v) + 1) S1((v) + 2) S1((v) + 3)
#define S16(v) S4(v) S4((v) + 4) S4((v) + 8) S4((v) + 12)
#define S64(v) S16(v) S16((v) + 16) S16((v) + 32) S16((v) + 48)
#define S256(v) S64(v) S64((v) + 64) S64((v) + 128) S64((v) + 192)
#define S1024(v) S256(v) S256((v) + 256) S256((v) + 512) S256((v) + 768)

const uint8_t vaprep_b64_pair_specials[4096] = { S1024(0) S1024(1024) S1024(2048) S1024(3072) };

const char vaprep_b64_alphabet[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
