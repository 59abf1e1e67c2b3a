// The one place that picks the kernel, at run time from the CPU (or forced by a test).
#include "tonemap.h"
#include "vaprep_kernel_choice.h"

// Which kernel runs; the rule (0 = not chosen yet, AUTO = best_kernel()) is CVAPrepKernelChoice's.
static vaprep_kernel_slot active_kernel = VAPREP_KERNEL_SLOT_INIT;

int vaprep_tm_kernel_supported(int kernel) {
    switch (kernel) {
    case VAPREP_TM_KERNEL_AUTO:
    case VAPREP_TM_KERNEL_SCALAR:
        return 1;
#if defined(__x86_64__)
    case VAPREP_TM_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
#endif
    default:
        return 0;
    }
}

static int best_kernel(void) {
    if (vaprep_tm_kernel_supported(VAPREP_TM_KERNEL_AVX2)) return VAPREP_TM_KERNEL_AVX2;
    return VAPREP_TM_KERNEL_SCALAR;
}

int vaprep_tm_set_kernel(int kernel) {
    return vaprep_kernel_choice_set(&active_kernel, kernel, VAPREP_TM_KERNEL_AUTO, vaprep_tm_kernel_supported,
                                    best_kernel);
}

int vaprep_tm_active_kernel(void) { return vaprep_kernel_choice_active(&active_kernel, best_kernel); }

void vaprep_tm_rows(const vaprep_tm_curve *curve, const vaprep_tm_planes *planes,
                    int width, int first_block_row, int end_block_row) {
    const int blocks = width / 2;
    int done = 0;
#if defined(__x86_64__)
    if (vaprep_tm_active_kernel() == VAPREP_TM_KERNEL_AVX2)
        done = vaprep_tm_kernel_avx2(curve, planes, blocks, first_block_row, end_block_row);
#endif
    if (done < blocks) vaprep_tm_kernel_scalar(curve, planes, done, blocks, first_block_row, end_block_row);
}
