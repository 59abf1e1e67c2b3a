// The model's input tensor, made as mediapipe's CPU ImageToTensorCalculator makes it: OpenCV's
// warpPerspective (INTER_LINEAR, BORDER_CONSTANT 0) of the region onto the tensor, to 8 bits, then
// convertTo(v * 2/255 - 1). Reproducing OpenCV's fixed-point bilinear (positions in 1/32 pixel,
// weights summing to 32768, round half up) keeps our input tensor equal to the oracle's, so any
// difference in the outputs comes from float summation order alone.
#include "CVAPrepFaceNet.h"
#include <math.h>

enum { SUBPIXEL_BITS = 5, SUBPIXEL = 1 << SUBPIXEL_BITS, WEIGHT_BITS = 15 };

static inline int round_to_int(double v) { return (int)lrint(v); }

void vaprep_fn_letterbox(const uint8_t *pixels, int width, int height, int channels, size_t row_bytes,
                         double roi_x, double roi_y, double roi_w, double roi_h, int size, float *input) {
    const double sx = roi_w / size, sy = roi_h / size;
    const float scale = 2.0f / 255.0f, offset = -1.0f;
    for (int y = 0; y < size; y++) {
        // OpenCV rounds the 1/32-pixel position to nearest (cvRound: half to even).
        const int fy = round_to_int((roi_y + y * sy) * SUBPIXEL);
        const int y0 = fy >> SUBPIXEL_BITS, wy = fy & (SUBPIXEL - 1);
        for (int x = 0; x < size; x++) {
            const int fx = round_to_int((roi_x + x * sx) * SUBPIXEL);
            const int x0 = fx >> SUBPIXEL_BITS, wx = fx & (SUBPIXEL - 1);
            // Tap weights: products of (32 - w) and w, times 32: exact, summing to 2^15.
            const int w00 = (SUBPIXEL - wx) * (SUBPIXEL - wy) * 32, w01 = wx * (SUBPIXEL - wy) * 32;
            const int w10 = (SUBPIXEL - wx) * wy * 32, w11 = wx * wy * 32;
            float *out = input + ((size_t)y * size + x) * 3;
            for (int c = 0; c < 3; c++) {
                const int ch = channels == 1 ? 0 : c;
                int taps[4] = {0, 0, 0, 0};
                for (int t = 0; t < 4; t++) {
                    const int tx = x0 + (t & 1), ty = y0 + (t >> 1);
                    if (tx >= 0 && ty >= 0 && tx < width && ty < height)
                        taps[t] = pixels[(size_t)ty * row_bytes + (size_t)tx * channels + ch];
                }
                const int sum = taps[0] * w00 + taps[1] * w01 + taps[2] * w10 + taps[3] * w11;
                int v = (sum + (1 << (WEIGHT_BITS - 1))) >> WEIGHT_BITS;
                v = v < 0 ? 0 : v > 255 ? 255 : v;
                out[c] = (float)v * scale + offset;
            }
        }
    }
}
