// The one rule for where an output pixel comes from.
#include "rotate.h"

vaprep_rot_map vaprep_rot_map_make(ptrdiff_t src_stride, int width, int height, int bytes_per_pixel,
                                   int clockwise, int flipped) {
    // In pixels: source (x, y) of output (ox, oy) = (x0 + ox·x_ox + oy·x_oy, y0 + ox·y_ox + oy·y_oy).
    // Turning clockwise by 90° puts the source's bottom-left pixel at the output's top-left, and
    // output rows walk up the source columns.
    int x0 = 0, y0 = 0, x_ox = 1, x_oy = 0, y_ox = 0, y_oy = 1;
    switch (clockwise) {
    case 90: x0 = 0; y0 = height - 1; x_ox = 0; x_oy = 1; y_ox = -1; y_oy = 0; break;
    case 180: x0 = width - 1; y0 = height - 1; x_ox = -1; x_oy = 0; y_ox = 0; y_oy = -1; break;
    case 270: x0 = width - 1; y0 = 0; x_ox = 0; x_oy = -1; y_ox = 1; y_oy = 0; break;
    default: break;
    }
    if (flipped) { // mirror first: source x becomes width − 1 − x
        x0 = width - 1 - x0; x_ox = -x_ox; x_oy = -x_oy;
    }
    const int swaps = clockwise == 90 || clockwise == 270;
    vaprep_rot_map m;
    m.base = (ptrdiff_t)y0 * src_stride + (ptrdiff_t)x0 * bytes_per_pixel;
    m.step_ox = (ptrdiff_t)y_ox * src_stride + (ptrdiff_t)x_ox * bytes_per_pixel;
    m.step_oy = (ptrdiff_t)y_oy * src_stride + (ptrdiff_t)x_oy * bytes_per_pixel;
    m.out_width = swaps ? height : width;
    m.out_height = swaps ? width : height;
    m.bytes_per_pixel = bytes_per_pixel;
    m.swaps_axes = swaps;
    return m;
}
