/// A packed RGB24 picture to draw on: frames (grey or colour) pasted as tiles, rectangle outlines, small text.
/// Used for contact sheets (`vaprep sample --sheet`) that show what the pre-check saw.
struct RGBCanvas: Sendable, Equatable {
    let width: Int
    let height: Int
    /// `width * height * 3` bytes, R G B per pixel, rows top to bottom.
    private(set) var pixels: [UInt8]

    init(width: Int, height: Int, background: (UInt8, UInt8, UInt8) = (32, 32, 32)) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            pixels[3 * i] = background.0; pixels[3 * i + 1] = background.1; pixels[3 * i + 2] = background.2
        }
    }

    @inline(__always) mutating func set(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = 3 * (y * width + x)
        pixels[i] = color.0; pixels[i + 1] = color.1; pixels[i + 2] = color.2
    }

    /// Copies a packed picture — grey (1 byte per pixel) or RGB24 (3) — with its top-left corner
    /// at (x, y), clipped to the canvas.
    mutating func paste(_ picture: [UInt8], bytesPerPixel: Int, width w: Int, height h: Int, at x: Int, _ y: Int) {
        precondition(bytesPerPixel == 1 || bytesPerPixel == 3)
        for j in 0..<h where y + j >= 0 && y + j < height {
            for i in 0..<w where x + i >= 0 && x + i < width {
                let k = (j * w + i) * bytesPerPixel
                set(x + i, y + j, bytesPerPixel == 1 ? (picture[k], picture[k], picture[k]) : (picture[k], picture[k + 1], picture[k + 2]))
            }
        }
    }

    /// Outline of a rectangle, `thickness` pixels wide, drawn inside its bounds.
    mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, color: (UInt8, UInt8, UInt8), thickness: Int = 2) {
        for t in 0..<thickness {
            for i in x..<(x + w) { set(i, y + t, color); set(i, y + h - 1 - t, color) }
            for j in y..<(y + h) { set(x + t, j, color); set(x + w - 1 - t, j, color) }
        }
    }

    /// Fills a rectangle (clipped by `set`): the keypoint dots of the contact sheet.
    mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: (UInt8, UInt8, UInt8)) {
        for j in y..<(y + h) { for i in x..<(x + w) { set(i, j, color) } }
    }

    /// Draws `text` with a 5×7 pixel font at `scale`× size; returns the width drawn.
    /// Covers digits, upper-case letters and `. : - % = / ( )` — enough for frame labels.
    @discardableResult
    mutating func drawText(_ text: String, x: Int, y: Int, color: (UInt8, UInt8, UInt8), scale: Int = 1) -> Int {
        var cx = x
        for ch in text.uppercased() {
            let rows = BitmapFont.glyph(ch)
            for (j, row) in rows.enumerated() {
                for i in 0..<5 where row & (1 << (4 - i)) != 0 {
                    for sy in 0..<scale { for sx in 0..<scale { set(cx + i * scale + sx, y + j * scale + sy, color) } }
                }
            }
            cx += 6 * scale
        }
        return cx - x
    }
}
