// The reference kernel: one pixel at a time through the map, in 64×64 output tiles.
#include "rotate.h"
#include <string.h>

void vaprep_rot_kernel_scalar(const vaprep_rot_map *map, const uint8_t *src, uint8_t *dst, ptrdiff_t dst_stride,
                              int ox0, int ox1, int oy0, int oy1) {
    const int bpp = map->bytes_per_pixel;
    for (int ty = oy0; ty < oy1; ty += VAPREP_ROT_TILE) {
        const int ty_end = oy1 - ty < VAPREP_ROT_TILE ? oy1 : ty + VAPREP_ROT_TILE;
        for (int tx = ox0; tx < ox1; tx += VAPREP_ROT_TILE) {
            const int tx_end = ox1 - tx < VAPREP_ROT_TILE ? ox1 : tx + VAPREP_ROT_TILE;
            for (int oy = ty; oy < ty_end; oy++) {
                const uint8_t *from = src + map->base + (ptrdiff_t)tx * map->step_ox + (ptrdiff_t)oy * map->step_oy;
                uint8_t *to = dst + (ptrdiff_t)oy * dst_stride + (ptrdiff_t)tx * bpp;
                if (bpp == 1) {
                    for (int ox = tx; ox < tx_end; ox++, from += map->step_ox) *to++ = *from;
                } else {
                    for (int ox = tx; ox < tx_end; ox++, from += map->step_ox, to += bpp) memcpy(to, from, (size_t)bpp);
                }
            }
        }
    }
}
