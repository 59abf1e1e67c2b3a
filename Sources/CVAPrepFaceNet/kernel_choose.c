// The one place that picks the kernel family, at run time from the CPU (or forced by a test).
#include "CVAPrepFaceNet.h"
#include "graph.h"
#include "vaprep_kernel_choice.h"

// Which kernel runs; the rule (0 = not chosen yet, AUTO = best_kernel()) is CVAPrepKernelChoice's.
static vaprep_kernel_slot active_kernel = VAPREP_KERNEL_SLOT_INIT;

int vaprep_fn_kernel_supported(int kernel) {
    switch (kernel) {
    case VAPREP_FN_KERNEL_AUTO:
    case VAPREP_FN_KERNEL_SCALAR:
        return 1;
#if defined(__x86_64__)
    case VAPREP_FN_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default:
        return 0;
    }
}

static int best_kernel(void) {
    if (vaprep_fn_kernel_supported(VAPREP_FN_KERNEL_AVX2)) return VAPREP_FN_KERNEL_AVX2;
    return VAPREP_FN_KERNEL_SCALAR;
}

int vaprep_fn_set_kernel(int kernel) {
    return vaprep_kernel_choice_set(&active_kernel, kernel, VAPREP_FN_KERNEL_AUTO, vaprep_fn_kernel_supported,
                                    best_kernel);
}

int vaprep_fn_active_kernel(void) { return vaprep_kernel_choice_active(&active_kernel, best_kernel); }

const vaprep_fn_kernels *vaprep_fn_active_kernels(void) {
    switch (vaprep_fn_active_kernel()) {
#if defined(__x86_64__)
    case VAPREP_FN_KERNEL_AVX2: return &vaprep_fn_kernels_avx2;
#endif
    default: return &vaprep_fn_kernels_scalar;
    }
}
