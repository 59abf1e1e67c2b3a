// Checks every kernel against the scalar one: plain, form-escaped and +/ count, lengths 0..5000.
// Used by scripts/test-base64-arm64.sh (natively and for arm64 NEON under qemu).
#include "CVAPrepBase64.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  int bad = 0;
  static uint8_t in[5000], a[30000], b[30000];
  for (int i = 0; i < 5000; i++) in[i] = (uint8_t)rand();
  for (int i = 100; i < 400; i += 7) in[i] = 0xFF;
  for (int k = 2; k <= 5; k++) {
    if (!vaprep_b64_kernel_supported(k)) continue;
    printf("kernel %d supported\n", k);
    for (size_t n = 0; n <= 5000; n += (n < 300 ? 1 : 97)) {
      vaprep_b64_set_kernel(1);
      size_t la = vaprep_b64_encode(in, n, a), ea = vaprep_b64_encode_escaped(in, n, a + 8000, 22000), ca = vaprep_b64_count_plus_slash(in, n);
      vaprep_b64_set_kernel(k);
      size_t lb = vaprep_b64_encode(in, n, b), eb = vaprep_b64_encode_escaped(in, n, b + 8000, 22000), cb = vaprep_b64_count_plus_slash(in, n);
      if (la != lb || memcmp(a, b, la) || ea != eb || memcmp(a + 8000, b + 8000, ea) || ca != cb) { printf("kernel %d differs at n=%zu\n", k, n); bad = 1; break; }
    }
  }
  printf(bad ? "FAIL\n" : "OK\n");
  return bad;
}
