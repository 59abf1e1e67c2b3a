// Intentionally empty: the declaration in include/CLibFuzzer.h is the whole target; the
// definition comes from the libFuzzer runtime that `-sanitize=fuzzer` links.
#include "CLibFuzzer.h"
