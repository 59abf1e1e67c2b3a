// The one place that picks a kernel, plus the parts every kernel shares: padding, the stream
// carry, and the escaped tail.
#include "CVAPrepBase64.h"
#include "codecs.h"
#include "vaprep_kernel_choice.h"

// Which kernel runs; the rule (0 = not chosen yet, AUTO = best_kernel()) is CVAPrepKernelChoice's.
static vaprep_kernel_slot active_kernel = VAPREP_KERNEL_SLOT_INIT;

int vaprep_b64_kernel_supported(int kernel) {
    switch (kernel) {
    case VAPREP_B64_KERNEL_AUTO:
    case VAPREP_B64_KERNEL_SCALAR:
        return 1;
#if defined(__x86_64__) || defined(__i386__)
    case VAPREP_B64_KERNEL_SSSE3:
        __builtin_cpu_init();
        return __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
    case VAPREP_B64_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#endif
#if defined(__x86_64__)
    case VAPREP_B64_KERNEL_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2")
            && __builtin_cpu_supports("popcnt");
#endif
#if defined(__aarch64__)
    case VAPREP_B64_KERNEL_NEON64:
        return 1;  // Advanced SIMD is mandatory on AArch64.
#endif
    default:
        return 0;
    }
}

static int best_kernel(void) {
    if (vaprep_b64_kernel_supported(VAPREP_B64_KERNEL_AVX512)) return VAPREP_B64_KERNEL_AVX512;
    if (vaprep_b64_kernel_supported(VAPREP_B64_KERNEL_AVX2)) return VAPREP_B64_KERNEL_AVX2;
    if (vaprep_b64_kernel_supported(VAPREP_B64_KERNEL_SSSE3)) return VAPREP_B64_KERNEL_SSSE3;
    if (vaprep_b64_kernel_supported(VAPREP_B64_KERNEL_NEON64)) return VAPREP_B64_KERNEL_NEON64;
    return VAPREP_B64_KERNEL_SCALAR;
}

int vaprep_b64_set_kernel(int kernel) {
    return vaprep_kernel_choice_set(&active_kernel, kernel, VAPREP_B64_KERNEL_AUTO, vaprep_b64_kernel_supported,
                                    best_kernel);
}

int vaprep_b64_active_kernel(void) { return vaprep_kernel_choice_active(&active_kernel, best_kernel); }

static const vaprep_b64_codec *codec(void) {
    switch (vaprep_b64_active_kernel()) {
#if defined(__x86_64__) || defined(__i386__)
    case VAPREP_B64_KERNEL_AVX2: return &vaprep_b64_codec_avx2;
    case VAPREP_B64_KERNEL_SSSE3: return &vaprep_b64_codec_ssse3;
#endif
#if defined(__x86_64__)
    case VAPREP_B64_KERNEL_AVX512: return &vaprep_b64_codec_avx512;
#endif
#if defined(__aarch64__)
    case VAPREP_B64_KERNEL_NEON64: return &vaprep_b64_codec_neon64;
#endif
    default: return &vaprep_b64_codec_scalar;
    }
}

size_t vaprep_b64_encoded_length(size_t n) { return (n + 2) / 3 * 4; }
size_t vaprep_b64_escaped_capacity(size_t n) { return vaprep_b64_encoded_length(n) * 3; }

// The last 1 or 2 bytes as 4 characters with '=' padding.
static void encode_tail(const uint8_t *in, size_t n, uint8_t out[4]) {
    uint32_t v = (uint32_t)in[0] << 16 | (n == 2 ? (uint32_t)in[1] << 8 : 0);
    out[0] = (uint8_t)vaprep_b64_alphabet[v >> 18];
    out[1] = (uint8_t)vaprep_b64_alphabet[(v >> 12) & 63];
    out[2] = n == 2 ? (uint8_t)vaprep_b64_alphabet[(v >> 6) & 63] : '=';
    out[3] = '=';
}

static size_t write_tail(const uint8_t *in, size_t n, uint8_t *out, int escaped) {
    if (n == 0) return 0;
    uint8_t chars[4];
    encode_tail(in, n, chars);
    if (!escaped) { memcpy(out, chars, 4); return 4; }
    size_t w = 0;
    for (int i = 0; i < 4; i++) w += vaprep_b64_put_escaped(out + w, chars[i]);
    return w;
}

size_t vaprep_b64_encode(const uint8_t *in, size_t n, uint8_t *out) {
    size_t whole = n - n % 3;
    codec()->encode(in, whole, out);
    size_t w = whole / 3 * 4;
    return w + write_tail(in + whole, n - whole, out + w, 0);
}

size_t vaprep_b64_count_plus_slash(const uint8_t *in, size_t n) {
    size_t whole = n - n % 3;
    size_t count = codec()->count_plus_slash(in, whole);
    if (n > whole) {
        uint8_t chars[4];
        encode_tail(in + whole, n - whole, chars);
        for (int i = 0; i < 3; i++) count += chars[i] == '+' || chars[i] == '/';
    }
    return count;
}

size_t vaprep_b64_encode_escaped(const uint8_t *in, size_t n, uint8_t *out, size_t out_capacity) {
    size_t whole = n - n % 3;
    // The kernel's wide stores stay inside the hint; its exact (scalar) writes need no hint, so
    // reserving the tail's worst case (12) keeps every write inside the caller's capacity.
    size_t hint = out_capacity > 12 ? out_capacity - 12 : 0;
    size_t w = codec()->encode_escaped(in, whole, out, hint);
    return w + write_tail(in + whole, n - whole, out + w, 1);
}

void vaprep_b64_stream_init(vaprep_b64_state *state, int escaped) {
    state->carry_len = 0;
    state->escaped = escaped ? 1 : 0;
}

size_t vaprep_b64_stream_max_output(const vaprep_b64_state *state, size_t n) {
    size_t chars = (state->carry_len + n) / 3 * 4;
    return state->escaped ? chars * 3 : chars;
}

size_t vaprep_b64_stream_encode(vaprep_b64_state *state, const uint8_t *in, size_t n, uint8_t *out) {
    size_t cap = vaprep_b64_stream_max_output(state, n);
    size_t w = 0;
    if (state->carry_len > 0) {
        if (state->carry_len + n < 3) {
            memcpy(state->carry + state->carry_len, in, n);
            state->carry_len += (uint8_t)n;
            return 0;
        }
        uint8_t group[3];
        size_t take = 3 - state->carry_len;
        memcpy(group, state->carry, state->carry_len);
        memcpy(group + state->carry_len, in, take);
        in += take;
        n -= take;
        state->carry_len = 0;
        if (state->escaped) {
            w = vaprep_b64_enc_escaped_scalar(group, 3, out);
        } else {
            vaprep_b64_enc_scalar(group, 3, out);
            w = 4;
        }
    }
    size_t whole = n - n % 3;
    if (state->escaped) {
        w += codec()->encode_escaped(in, whole, out + w, cap - w);
    } else {
        codec()->encode(in, whole, out + w);
        w += whole / 3 * 4;
    }
    state->carry_len = (uint8_t)(n - whole);
    memcpy(state->carry, in + whole, n - whole);
    return w;
}

size_t vaprep_b64_stream_finish(vaprep_b64_state *state, uint8_t *out) {
    size_t w = write_tail(state->carry, state->carry_len, out, state->escaped);
    state->carry_len = 0;
    return w;
}
