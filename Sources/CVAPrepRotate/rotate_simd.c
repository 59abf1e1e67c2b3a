// The SIMD kernel for 1-byte planes. A quarter turn is a transpose whose rows and columns are
// walked forwards or backwards: load 16 source rows of 16 bytes (in the order output columns
// want them, which is pointer arithmetic), transpose the 16×16 block in registers by four rounds
// of interleaving (8-, 16-, 32-, 64-bit), and store each resulting source column as an output
// row (picking the column order, again free). No byte is ever reversed inside a register. Half
// turns and mirrors keep rows as rows: a copy, or 16-byte loads reversed in the register.
//
// The same algorithm runs on both instruction sets; only the six primitives below differ. Both
// are baseline (SSE2 on every x86-64, NEON on every arm64), so nothing here checks the CPU.
#include "rotate.h"
#include <string.h>

#if defined(__x86_64__)
#include <emmintrin.h>
typedef __m128i vec;
static inline vec load16(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void store16(uint8_t *p, vec v) { _mm_storeu_si128((__m128i *)p, v); }
#define ZIP_LO_8(a, b) _mm_unpacklo_epi8(a, b)
#define ZIP_HI_8(a, b) _mm_unpackhi_epi8(a, b)
#define ZIP_LO_16(a, b) _mm_unpacklo_epi16(a, b)
#define ZIP_HI_16(a, b) _mm_unpackhi_epi16(a, b)
#define ZIP_LO_32(a, b) _mm_unpacklo_epi32(a, b)
#define ZIP_HI_32(a, b) _mm_unpackhi_epi32(a, b)
#define ZIP_LO_64(a, b) _mm_unpacklo_epi64(a, b)
#define ZIP_HI_64(a, b) _mm_unpackhi_epi64(a, b)
/// Bytes 15…0. SSE2 has no byte shuffle: reverse the four 32-bit lanes, the two 16-bit halves
/// of each, then the two bytes of each 16-bit lane.
static inline vec reverse16(vec v) {
    v = _mm_shuffle_epi32(v, _MM_SHUFFLE(0, 1, 2, 3));
    v = _mm_shufflelo_epi16(v, _MM_SHUFFLE(2, 3, 0, 1));
    v = _mm_shufflehi_epi16(v, _MM_SHUFFLE(2, 3, 0, 1));
    return _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
}
#elif defined(__aarch64__)
#include <arm_neon.h>
typedef uint8x16_t vec;
static inline vec load16(const uint8_t *p) { return vld1q_u8(p); }
static inline void store16(uint8_t *p, vec v) { vst1q_u8(p, v); }
#define ZIP_LO_8(a, b) vzip1q_u8(a, b)
#define ZIP_HI_8(a, b) vzip2q_u8(a, b)
#define ZIP_LO_16(a, b) vreinterpretq_u8_u16(vzip1q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)))
#define ZIP_HI_16(a, b) vreinterpretq_u8_u16(vzip2q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)))
#define ZIP_LO_32(a, b) vreinterpretq_u8_u32(vzip1q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)))
#define ZIP_HI_32(a, b) vreinterpretq_u8_u32(vzip2q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)))
#define ZIP_LO_64(a, b) vreinterpretq_u8_u64(vzip1q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b)))
#define ZIP_HI_64(a, b) vreinterpretq_u8_u64(vzip2q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b)))
/// Bytes 15…0: reverse each 8-byte half, then swap the halves.
static inline vec reverse16(vec v) {
    v = vrev64q_u8(v);
    return vextq_u8(v, v, 8);
}
#endif

#if defined(VAPREP_ROT_HAVE_SIMD)

// The rounds' loops must be unrolled so the registers' indices are constants: left as loops
// (clang -O2 kept the first round one), the registers go through the stack and a quarter turn of
// a 1920×1080 plane ran at 2–3 GB/s of CPU time instead of 5–9 GB/s.
#if defined(__clang__)
#define UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define UNROLL _Pragma("GCC unroll 16")
#else
#define UNROLL
#endif

/// One round of the transpose: within each group of `n` registers, pair neighbours (2i, 2i+1)
/// and put their interleaved low halves in the group's first half, high halves in its second.
/// After the 8-, 16-, 32- and 64-bit rounds (n = 16, 8, 4, 2) register j holds column j.
#define TRANSPOSE_ROUND(n, LO, HI, in, out)                                   \
    UNROLL                                                                    \
    for (int base = 0; base < 16; base += (n))                                \
        UNROLL                                                                \
        for (int i = 0; i < (n) / 2; i++) {                                   \
            (out)[base + i] = LO((in)[base + 2 * i], (in)[base + 2 * i + 1]); \
            (out)[base + (n) / 2 + i] = HI((in)[base + 2 * i], (in)[base + 2 * i + 1]); \
        }

static inline void transpose16x16(vec r[16]) {
    vec t[16];
    TRANSPOSE_ROUND(16, ZIP_LO_8, ZIP_HI_8, r, t)
    TRANSPOSE_ROUND(8, ZIP_LO_16, ZIP_HI_16, t, r)
    TRANSPOSE_ROUND(4, ZIP_LO_32, ZIP_HI_32, r, t)
    TRANSPOSE_ROUND(2, ZIP_LO_64, ZIP_HI_64, t, r)
}

/// Output block [bx, bx+16) × [by, by+16) of a quarter turn. Here step_oy is ±1 (output rows
/// run along source rows) and step_ox is ± the source stride.
static inline void quarter_block(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst,
                                 ptrdiff_t dst_stride, int bx, int by) {
    const int forwards = map->step_oy > 0;
    // The 16 source bytes of one output column, lowest address first.
    const uint8_t *first = src + map->base + (ptrdiff_t)bx * map->step_ox + (ptrdiff_t)by * map->step_oy
                         - (forwards ? 0 : 15);
    vec r[16];
    for (int i = 0; i < 16; i++) r[i] = load16(first + (ptrdiff_t)i * map->step_ox);
    transpose16x16(r);
    uint8_t *to = dst + (ptrdiff_t)by * dst_stride + bx;
    for (int k = 0; k < 16; k++) store16(to + (ptrdiff_t)k * dst_stride, r[forwards ? k : 15 - k]);
}

static void quarter_turn(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride) {
    const int width16 = map->out_width & ~15, height16 = map->out_height & ~15;
    for (int ty = 0; ty < height16; ty += VAPREP_ROT_TILE) {
        const int ty_end = height16 - ty < VAPREP_ROT_TILE ? height16 : ty + VAPREP_ROT_TILE;
        for (int tx = 0; tx < width16; tx += VAPREP_ROT_TILE) {
            const int tx_end = width16 - tx < VAPREP_ROT_TILE ? width16 : tx + VAPREP_ROT_TILE;
            for (int by = ty; by < ty_end; by += 16)
                for (int bx = tx; bx < tx_end; bx += 16) quarter_block(map, src, dst, dst_stride, bx, by);
        }
    }
    // What is not a whole block: the right strip (every row) and the bottom strip.
    vaprep_rot_kernel_scalar(map, src, dst, dst_stride, width16, map->out_width, 0, map->out_height);
    vaprep_rot_kernel_scalar(map, src, dst, dst_stride, 0, width16, height16, map->out_height);
}

/// Half turns and mirrors: each output row is one source row, copied or reversed.
static void rows_kept(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride) {
    const int width = map->out_width, width16 = width & ~15;
    for (int oy = 0; oy < map->out_height; oy++) {
        const uint8_t *row = src + map->base + (ptrdiff_t)oy * map->step_oy; // source of ox = 0
        uint8_t *to = dst + (ptrdiff_t)oy * dst_stride;
        if (map->step_ox > 0) {
            memcpy(to, row, (size_t)width);
            continue;
        }
        for (int ox = 0; ox < width16; ox += 16) store16(to + ox, reverse16(load16(row - ox - 15)));
        for (int ox = width16; ox < width; ox++) to[ox] = row[-ox];
    }
}

void vaprep_rot_kernel_simd(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride) {
    if (map->swaps_axes) quarter_turn(map, src, dst, dst_stride);
    else rows_kept(map, src, dst, dst_stride);
}
#endif
