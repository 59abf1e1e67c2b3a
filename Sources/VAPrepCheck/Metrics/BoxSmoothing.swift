/// A 3×3 box filter, applied one or more times: the cheapest low-pass that takes sensor noise out
/// of block matching while keeping the face's features (eyes, lips and nostrils span 5–20 px at
/// analysis size, the noise is pixel to pixel).
enum BoxSmoothing {
    /// How much a number of passes divides the standard deviation of white noise: one pass averages
    /// 9 pixels (÷3); two passes make the 5-tap kernel [1 2 3 2 1]/9 per axis (× √(19/81) per axis),
    /// three the 7-tap [1 3 6 7 6 3 1]/27 (× √(141/729) per axis).
    static func noiseFactor(passes: Int) -> Double {
        switch passes {
        case ..<1: 1
        case 1: 1.0 / 3
        case 2: 19.0 / 81
        default: 141.0 / 729
        }
    }

    /// `image` filtered `passes` times; the border row and column keep their neighbours' average
    /// over the taps that exist (no dark frame from zero padding).
    static func apply(_ image: GrayImage, passes: Int) -> GrayImage {
        guard passes > 0, image.width >= 3, image.height >= 3 else { return image }
        var pixels = image.pixels
        let w = image.width, h = image.height
        var rows = [UInt16](repeating: 0, count: w * h)
        for _ in 0..<passes {
            // Horizontal sums of 3 (2 at the ends), then vertical, with the matching divisor.
            for y in 0..<h {
                let r = y * w
                for x in 0..<w {
                    let l = x > 0 ? Int(pixels[r + x - 1]) : Int(pixels[r + x])
                    let rt = x < w - 1 ? Int(pixels[r + x + 1]) : Int(pixels[r + x])
                    rows[r + x] = UInt16(l + Int(pixels[r + x]) + rt)
                }
            }
            for y in 0..<h {
                let up = y > 0 ? y - 1 : y, down = y < h - 1 ? y + 1 : y
                for x in 0..<w {
                    let sum = Int(rows[up * w + x]) + Int(rows[y * w + x]) + Int(rows[down * w + x])
                    pixels[y * w + x] = UInt8((sum + 4) / 9)
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: pixels)
    }
}
