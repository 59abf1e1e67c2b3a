// The one rule for remembering a target's kernel; see include/vaprep_kernel_choice.h.
#include "vaprep_kernel_choice.h"

// Relaxed is enough: the slot publishes nothing but its own value, and every thread that fills
// an empty slot fills it with the same best().
int vaprep_kernel_choice_set(vaprep_kernel_slot *slot, int kernel, int auto_kernel,
                             int (*supported)(int), int (*best)(void)) {
    if (!supported(kernel)) return -1;
    __atomic_store_n(&slot->value, kernel == auto_kernel ? best() : kernel, __ATOMIC_RELAXED);
    return 0;
}

int vaprep_kernel_choice_active(vaprep_kernel_slot *slot, int (*best)(void)) {
    int k = __atomic_load_n(&slot->value, __ATOMIC_RELAXED);
    if (k == 0) {
        k = best();
        __atomic_store_n(&slot->value, k, __ATOMIC_RELAXED);
    }
    return k;
}
