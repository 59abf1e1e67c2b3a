// CVAPrepBase64: the base64 kernels behind VAPrepPayload.
//
// Shape borrowed from aklomp/base64: one codec per instruction set (enc_<isa>.c), one place that
// picks a codec at run time (codec_choose.c), and a small state value whose carry of 0-2 bytes
// is the whole streaming secret. Swift code calls only the functions below; it never branches on
// the CPU.
//
// Alphabet: RFC 4648 section 4 ("A-Z a-z 0-9 + /", "=" padding, no line breaks).
#ifndef CVAPREPBASE64_H
#define CVAPREPBASE64_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel identifiers for vaprep_b64_set_kernel / vaprep_b64_active_kernel.
enum {
    VAPREP_B64_KERNEL_AUTO = 0,
    VAPREP_B64_KERNEL_SCALAR = 1,
    VAPREP_B64_KERNEL_SSSE3 = 2,
    VAPREP_B64_KERNEL_AVX2 = 3,
    VAPREP_B64_KERNEL_NEON64 = 4,
    VAPREP_B64_KERNEL_AVX512 = 5,   ///< AVX-512 VBMI + VBMI2 (Ice Lake, Zen 4 and later)
};

/// Forces a kernel (AUTO = the fastest this CPU runs). Returns 0, or -1 when this CPU or build
/// cannot run `kernel` (the active kernel is then unchanged). Process-wide; meant for tests and
/// benchmarks, which set it before encoding, not while other threads encode.
int vaprep_b64_set_kernel(int kernel);
/// The kernel encode calls use now (never AUTO).
int vaprep_b64_active_kernel(void);
/// 1 when this CPU and build can run `kernel`, else 0. AUTO and SCALAR are always 1.
int vaprep_b64_kernel_supported(int kernel);

/// Base64 length of n input bytes, padding included.
size_t vaprep_b64_encoded_length(size_t n);

/// One-shot encode of n bytes (with padding). `out` must hold vaprep_b64_encoded_length(n)
/// bytes; exactly that many are written and returned.
size_t vaprep_b64_encode(const uint8_t *in, size_t n, uint8_t *out);

/// How many of the base64 characters of n input bytes are '+' or '/' (padding '=' excluded),
/// computed from the input without producing base64 text.
size_t vaprep_b64_count_plus_slash(const uint8_t *in, size_t n);

/// Worst-case form-escaped length of n input bytes: every character escaped (3 bytes each).
size_t vaprep_b64_escaped_capacity(size_t n);

/// One-shot encode + x-www-form-urlencoded escape ("+"->"%2B", "/"->"%2F", "="->"%3D") in one
/// pass. `out` must hold `out_capacity` >= vaprep_b64_escaped_capacity(n) bytes... or at least
/// the exact escaped length; kernels use spare capacity for wide stores and fall back to exact
/// writes near the end. Returns the number of bytes written.
size_t vaprep_b64_encode_escaped(const uint8_t *in, size_t n, uint8_t *out, size_t out_capacity);

/// Streaming state: the 0-2 input bytes that did not yet make a whole 3-byte group.
typedef struct {
    uint8_t carry[2];
    uint8_t carry_len;
    uint8_t escaped;   ///< 1: output is form-escaped
} vaprep_b64_state;

void vaprep_b64_stream_init(vaprep_b64_state *state, int escaped);
/// Most bytes one vaprep_b64_stream_encode call with n input bytes can write.
size_t vaprep_b64_stream_max_output(const vaprep_b64_state *state, size_t n);
/// Encodes the whole 3-byte groups of carry + in, keeps the rest as carry. Returns bytes written;
/// `out` must hold vaprep_b64_stream_max_output(state, n) bytes.
size_t vaprep_b64_stream_encode(vaprep_b64_state *state, const uint8_t *in, size_t n, uint8_t *out);
/// Writes the last partial group with '=' padding (escaped when the stream is); at most 12 bytes.
/// The state is reset afterwards and may start a new stream.
size_t vaprep_b64_stream_finish(vaprep_b64_state *state, uint8_t *out);

/// Decode results.
enum {
    VAPREP_B64_OK = 0,
    VAPREP_B64_ERR_LENGTH = -1,     ///< length is not a multiple of 4
    VAPREP_B64_ERR_CHARACTER = -2,  ///< a byte outside the alphabet (position in *error_offset)
    VAPREP_B64_ERR_PADDING = -3,    ///< '=' anywhere but the last 1-2 places, or non-zero pad bits
};

/// Largest decoded size for n base64 characters.
size_t vaprep_b64_decoded_capacity(size_t n);
/// Strict decode of standard, padded base64 (no whitespace, no URL alphabet). On success
/// returns VAPREP_B64_OK and sets *out_len; on failure returns an error code and sets
/// *error_offset to the offending input position.
int vaprep_b64_decode(const uint8_t *in, size_t n, uint8_t *out, size_t *out_len, size_t *error_offset);

#ifdef __cplusplus
}
#endif
#endif
