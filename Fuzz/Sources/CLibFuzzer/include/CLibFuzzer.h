#ifndef VAPREP_CLIBFUZZER_H
#define VAPREP_CLIBFUZZER_H
// libFuzzer's documented entry for programs that have their own main (LLVM >= 11).
// SwiftPM links every executable with `main` aliased to the module's own entry point, so
// libFuzzer's main is never linked; each harness's main.swift calls this instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
