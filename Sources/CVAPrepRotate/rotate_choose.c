// The entry point and the one place that picks the kernel (forced by tests, else the fastest
// this build has).
#include "rotate.h"
#include "vaprep_kernel_choice.h"
#include <string.h>

// Which kernel runs; the rule (0 = not chosen yet, AUTO = best_kernel()) is CVAPrepKernelChoice's.
static vaprep_kernel_slot active_kernel = VAPREP_KERNEL_SLOT_INIT;

int vaprep_rot_kernel_supported(int kernel) {
    switch (kernel) {
    case VAPREP_ROT_KERNEL_AUTO:
    case VAPREP_ROT_KERNEL_SCALAR:
        return 1;
#if defined(VAPREP_ROT_HAVE_SIMD)
    case VAPREP_ROT_KERNEL_SIMD:
        return 1;
#endif
    default:
        return 0;
    }
}

static int best_kernel(void) {
    return vaprep_rot_kernel_supported(VAPREP_ROT_KERNEL_SIMD) ? VAPREP_ROT_KERNEL_SIMD : VAPREP_ROT_KERNEL_SCALAR;
}

int vaprep_rot_set_kernel(int kernel) {
    return vaprep_kernel_choice_set(&active_kernel, kernel, VAPREP_ROT_KERNEL_AUTO, vaprep_rot_kernel_supported,
                                    best_kernel);
}

int vaprep_rot_active_kernel(void) { return vaprep_kernel_choice_active(&active_kernel, best_kernel); }

int vaprep_rot_plane(const uint8_t *src, ptrdiff_t src_stride, int width, int height, int bytes_per_pixel,
                     uint8_t *dst, ptrdiff_t dst_stride, int clockwise, int flipped) {
    if (width <= 0 || height <= 0 || bytes_per_pixel <= 0) return -1;
    if (clockwise != 0 && clockwise != 90 && clockwise != 180 && clockwise != 270) return -1;
    if (clockwise == 0 && !flipped) {
        for (int y = 0; y < height; y++)
            memcpy(dst + (ptrdiff_t)y * dst_stride, src + (ptrdiff_t)y * src_stride, (size_t)width * (size_t)bytes_per_pixel);
        return 0;
    }
    const vaprep_rot_map map = vaprep_rot_map_make(src_stride, width, height, bytes_per_pixel, clockwise, flipped != 0);
#if defined(VAPREP_ROT_HAVE_SIMD)
    if (bytes_per_pixel == 1 && vaprep_rot_active_kernel() == VAPREP_ROT_KERNEL_SIMD) {
        vaprep_rot_kernel_simd(&map, src, dst, dst_stride);
        return 0;
    }
#endif
    vaprep_rot_kernel_scalar(&map, src, dst, dst_stride, 0, map.out_width, 0, map.out_height);
    return 0;
}
