// The one place that picks the kernel family, at run time from the CPU (or forced by a test).
#include "CVAPrepFaceNet.h"
#include "graph.h"
#include <stdatomic.h>

// 0 = not chosen yet. Two threads choosing at once pick the same value, so a plain atomic store is enough.
static _Atomic int active_kernel = 0;

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
    if (!vaprep_fn_kernel_supported(kernel)) return -1;
    atomic_store_explicit(&active_kernel, kernel == VAPREP_FN_KERNEL_AUTO ? best_kernel() : kernel, memory_order_relaxed);
    return 0;
}

int vaprep_fn_active_kernel(void) {
    int k = atomic_load_explicit(&active_kernel, memory_order_relaxed);
    if (k == 0) {
        k = best_kernel();
        atomic_store_explicit(&active_kernel, k, memory_order_relaxed);
    }
    return k;
}

const vaprep_fn_kernels *vaprep_fn_active_kernels(void) {
    switch (vaprep_fn_active_kernel()) {
#if defined(__x86_64__)
    case VAPREP_FN_KERNEL_AVX2: return &vaprep_fn_kernels_avx2;
#endif
    default: return &vaprep_fn_kernels_scalar;
    }
}
