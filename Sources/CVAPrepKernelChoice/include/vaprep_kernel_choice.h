// CVAPrepKernelChoice: the one rule every kernel target (CVAPrepBase64, CVAPrepFaceNet,
// CVAPrepToneMap, CVAPrepRotate) uses to remember which kernel it runs.
//
// How a kernel target uses it. The target numbers its kernels with AUTO = 0 and the real
// kernels from 1 (SCALAR = 1 in every target), and owns two small functions:
//   supported(k)  1 when this CPU and build can run kernel k (AUTO and SCALAR always), else 0;
//   best()        the fastest kernel supported() accepts, never AUTO.
// It keeps one slot, `static vaprep_kernel_slot slot = VAPREP_KERNEL_SLOT_INIT;`, and its own
// set/active functions are one call each:
//   int vaprep_xx_set_kernel(int k) {
//       return vaprep_kernel_choice_set(&slot, k, VAPREP_XX_KERNEL_AUTO, vaprep_xx_kernel_supported, best);
//   }
//   int vaprep_xx_active_kernel(void) { return vaprep_kernel_choice_active(&slot, best); }
//
// The rule:
//   - A slot holding 0 has not chosen yet; the first `active` call chooses best() and keeps it.
//     So a target that nobody forces runs its fastest kernel, chosen once, on first use.
//   - `set` refuses a kernel supported() rejects (returns -1, the slot keeps what it held), and
//     stores best() for AUTO, so the slot never holds AUTO and `active` never returns it.
//
// Threads: the slot is read and written with relaxed atomic loads and stores. Two threads that
// find it empty at once both compute best(), which is the same value, and both store it, so no
// lock or once-flag is needed. Forcing a kernel is for tests and benchmarks, which do it before
// the work starts: a force while other threads run kernels is no data race, but which of their
// calls still use the old kernel is not defined.
//
// Why a plain `int` in a struct and not `_Atomic int`: this header is reachable from Swift (a C
// target's public headers become a module), and Swift does not import `_Atomic` fields well. The
// atomicity lives in kernel_choice.c (`__atomic_load_n` / `__atomic_store_n`, GCC and Clang
// builtins); nothing else may touch `value`.
#ifndef VAPREP_KERNEL_CHOICE_H
#define VAPREP_KERNEL_CHOICE_H

#ifdef __cplusplus
extern "C" {
#endif

/// One target's chosen kernel: 0 = not chosen yet, else the kernel's number. Read and written
/// only through the two functions below.
typedef struct vaprep_kernel_slot {
    int value;
} vaprep_kernel_slot;

/// A slot that has not chosen yet.
#define VAPREP_KERNEL_SLOT_INIT { 0 }

/// Forces `kernel` into `slot`: `auto_kernel` stores `best()`, any other kernel `supported`
/// accepts is stored as it is. Returns 0, or -1 when `supported(kernel)` is 0 (the slot is then
/// unchanged).
int vaprep_kernel_choice_set(vaprep_kernel_slot *slot, int kernel, int auto_kernel,
                             int (*supported)(int), int (*best)(void));

/// The kernel in `slot`, choosing and storing `best()` first when the slot has not chosen yet.
/// Never 0 (AUTO), as long as `best()` never returns 0.
int vaprep_kernel_choice_active(vaprep_kernel_slot *slot, int (*best)(void));

#ifdef __cplusplus
}
#endif

#endif
