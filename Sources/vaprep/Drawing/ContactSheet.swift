/// Lays sampled frames out in a grid with boxes and captions: a picture of what an analysis saw.
enum ContactSheet {
    /// One frame of the sheet.
    struct Tile: Sendable {
        var luma: [UInt8]
        var width: Int
        var height: Int
        /// Rectangles in the frame's pixels; the first is drawn as the main one (green), others yellow.
        var boxes: [(x: Int, y: Int, width: Int, height: Int)]
        /// Caption lines drawn under the frame (5×7 font: digits, capitals, `. : - % = / ( )`).
        var caption: [String]

        init(luma: [UInt8], width: Int, height: Int, boxes: [(x: Int, y: Int, width: Int, height: Int)], caption: [String]) {
            self.luma = luma; self.width = width; self.height = height; self.boxes = boxes; self.caption = caption
        }
    }

    /// Draws `tiles` in `columns` columns, each frame shrunk by `shrink` (2 halves it).
    static func render(_ tiles: [Tile], columns: Int = 4, shrink: Int = 2) -> RGBCanvas {
        precondition(columns > 0 && shrink > 0)
        let cellW = (tiles.map(\.width).max() ?? 0) / shrink
        let cellH = (tiles.map(\.height).max() ?? 0) / shrink
        let lines = tiles.map(\.caption.count).max() ?? 0
        let gap = 8, captionH = lines * 10 + 4
        let cols = max(1, min(columns, tiles.count))
        let rows = (tiles.count + cols - 1) / cols
        var canvas = RGBCanvas(width: max(1, cols * (cellW + gap) + gap), height: max(1, rows * (cellH + captionH + gap) + gap))
        for (k, tile) in tiles.enumerated() {
            let x0 = gap + (k % cols) * (cellW + gap), y0 = gap + (k / cols) * (cellH + captionH + gap)
            let (small, sw, sh) = shrunk(tile, by: shrink)
            canvas.paste(gray: small, width: sw, height: sh, at: x0, y0)
            for (i, b) in tile.boxes.enumerated() {
                canvas.strokeRect(x: x0 + b.x / shrink, y: y0 + b.y / shrink, width: max(2, b.width / shrink),
                                  height: max(2, b.height / shrink), color: i == 0 ? (40, 220, 60) : (240, 200, 40))
            }
            for (i, line) in tile.caption.enumerated() {
                canvas.drawText(line, x: x0, y: y0 + sh + 4 + i * 10, color: (235, 235, 235))
            }
        }
        return canvas
    }

    /// Box-filtered reduction by an integer factor.
    private static func shrunk(_ tile: Tile, by f: Int) -> ([UInt8], Int, Int) {
        let w = tile.width / f, h = tile.height / f
        guard f > 1 else { return (tile.luma, tile.width, tile.height) }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum = 0
                for j in 0..<f { for i in 0..<f { sum += Int(tile.luma[(y * f + j) * tile.width + x * f + i]) } }
                out[y * w + x] = UInt8(sum / (f * f))
            }
        }
        return (out, w, h)
    }
}
