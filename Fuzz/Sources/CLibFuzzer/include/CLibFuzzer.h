#ifndef VAPREP_CLIBFUZZER_H
#define VAPREP_CLIBFUZZER_H
// libFuzzer's documented entry for programs that have their own main (LLVM >= 11).
// SwiftPM links every executable with `main` aliased to the module's own entry point, so
// libFuzzer's main is never linked; each harness's main.swift calls this instead.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

// An anonymous in-memory file for the media harness (Swift's Glibc module does not export
// memfd_create, a _GNU_SOURCE declaration).
static inline int vaprep_fuzz_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

#endif
