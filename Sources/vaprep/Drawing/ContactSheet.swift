/// Lays sampled frames out in a grid with boxes and captions: a picture of what an analysis saw.
enum ContactSheet {
    /// One frame of the sheet.
    struct Tile: Sendable {
        var luma: [UInt8]
        /// The same frame in colour (packed RGB24), drawn instead of `luma` when present.
        var rgb: [UInt8]?
        var width: Int
        var height: Int
        /// Rectangles in the frame's pixels; the first is drawn as the main one (green), others yellow.
        var boxes: [(x: Int, y: Int, width: Int, height: Int)]
        /// Caption lines drawn under the frame (5×7 font: digits, capitals, `. : - % = / ( )`).
        var caption: [String]
        /// Keypoints in the frame's pixels (eyes, nose, mouth, ears of the faces), drawn as dots.
        var points: [(x: Double, y: Double)]

        init(luma: [UInt8], rgb: [UInt8]? = nil, width: Int, height: Int, boxes: [(x: Int, y: Int, width: Int, height: Int)],
             caption: [String], points: [(x: Double, y: Double)] = []) {
            self.luma = luma; self.width = width; self.height = height; self.boxes = boxes; self.caption = caption
            self.points = points
            self.rgb = rgb.flatMap { $0.count == width * height * 3 ? $0 : nil }
        }

        /// What is drawn: the colour frame when there is one, else the grey one.
        var pixels: (bytes: [UInt8], bytesPerPixel: Int) { rgb.map { ($0, 3) } ?? (luma, 1) }
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
            canvas.paste(small, bytesPerPixel: tile.pixels.bytesPerPixel, width: sw, height: sh, at: x0, y0)
            for (i, b) in tile.boxes.enumerated() {
                canvas.strokeRect(x: x0 + b.x / shrink, y: y0 + b.y / shrink, width: max(2, b.width / shrink),
                                  height: max(2, b.height / shrink), color: i == 0 ? (40, 220, 60) : (240, 200, 40))
            }
            // 3 x 3 dots in magenta: visible on skin, on the green box and on grey.
            for p in tile.points {
                let px = x0 + Int((p.x / Double(shrink)).rounded()), py = y0 + Int((p.y / Double(shrink)).rounded())
                guard px > x0, py > y0, px < x0 + sw - 1, py < y0 + sh - 1 else { continue }
                canvas.fillRect(x: px - 1, y: py - 1, width: 3, height: 3, color: (255, 40, 220))
            }
            for (i, line) in tile.caption.enumerated() {
                canvas.drawText(line, x: x0, y: y0 + sh + 4 + i * 10, color: (235, 235, 235))
            }
        }
        return canvas
    }

    /// Box-filtered reduction by an integer factor, each channel on its own.
    private static func shrunk(_ tile: Tile, by f: Int) -> ([UInt8], Int, Int) {
        let (source, channels) = tile.pixels
        let w = tile.width / f, h = tile.height / f
        guard f > 1 else { return (source, tile.width, tile.height) }
        var out = [UInt8](repeating: 0, count: w * h * channels)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<channels {
                    var sum = 0
                    for j in 0..<f { for i in 0..<f { sum += Int(source[((y * f + j) * tile.width + x * f + i) * channels + c]) } }
                    out[(y * w + x) * channels + c] = UInt8(sum / (f * f))
                }
            }
        }
        return (out, w, h)
    }
}
