/// A 3×3 box filter, applied one or more times: the cheapest low-pass that takes sensor noise out
/// of block matching while keeping the face's features (eyes, lips and nostrils span 5–20 px at
/// analysis size, the noise is pixel to pixel); and a 5×5 box for detail finer than those features.
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

    /// Side of the box ``detailFilter(_:)`` averages over, analysis pixels.
    static let detailSide = 5

    /// How much ``detailFilter(_:)`` after `passes` 3×3 passes divides the standard deviation of
    /// white noise: Σk² / (Σk)² of the combined kernel per axis, for both axes.
    static func noiseFactor(passes: Int, detail: Bool) -> Double {
        guard detail else { return noiseFactor(passes: passes) }
        var kernel: [Double] = [1]
        let taps = [[Double]](repeating: [1, 1, 1], count: max(0, passes)) + [[Double](repeating: 1, count: detailSide)]
        for tap in taps {
            var next = [Double](repeating: 0, count: kernel.count + tap.count - 1)
            for (i, k) in kernel.enumerated() { for (j, t) in tap.enumerated() { next[i + j] += k * t } }
            kernel = next
        }
        let sum = kernel.reduce(0, +)
        return kernel.reduce(0) { $0 + $1 * $1 } / (sum * sum)
    }

    /// A 5×5 box over `image`: takes out detail finer than the face's features — a screen's moiré
    /// (a 5 px period is removed exactly, anything finer to at most a fifth), print grain, what is
    /// left of sensor noise — so blocks are matched on eyes, lips and nostrils, not on a pattern
    /// that moves with the camera instead of the face. Borders average the taps that exist.
    static func detailFilter(_ image: GrayImage) -> GrayImage {
        let r = detailSide / 2, w = image.width, h = image.height
        guard w > r, h > r else { return image }
        var rows = [Int](repeating: 0, count: w * h), counts = [Int](repeating: 0, count: w)
        for x in 0..<w { counts[x] = min(w - 1, x + r) - max(0, x - r) + 1 }
        image.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let row = y * w
                var sum = 0
                for x in 0...min(w - 1, r) { sum += Int(p[row + x]) }
                for x in 0..<w {
                    rows[row + x] = sum
                    if x + r + 1 < w { sum += Int(p[row + x + r + 1]) }
                    if x - r >= 0 { sum -= Int(p[row + x - r]) }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: w * h)
        for x in 0..<w {
            var sum = 0
            for y in 0...min(h - 1, r) { sum += rows[y * w + x] }
            for y in 0..<h {
                let n = counts[x] * (min(h - 1, y + r) - max(0, y - r) + 1)
                pixels[y * w + x] = UInt8((sum + n / 2) / n)
                if y + r + 1 < h { sum += rows[(y + r + 1) * w + x] }
                if y - r >= 0 { sum -= rows[(y - r) * w + x] }
            }
        }
        return GrayImage(width: w, height: h, pixels: pixels)
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
