import Testing
@testable import vaprep

/// The contact sheet of `vaprep sample --sheet`: tiles laid out in a grid, boxes in their
/// colours, captions in the 5×7 font. Checked pixel by pixel on tiny synthetic frames.
@Suite("Contact sheet drawing")
struct ContactSheetTests {
    static let green: (UInt8, UInt8, UInt8) = (40, 220, 60)
    static let yellow: (UInt8, UInt8, UInt8) = (240, 200, 40)

    func pixel(_ canvas: RGBCanvas, _ x: Int, _ y: Int) -> [UInt8] {
        let i = 3 * (y * canvas.width + x)
        return Array(canvas.pixels[i..<(i + 3)])
    }

    @Test("the grid holds every tile with an 8 px gap, and the caption rows below each")
    func layout() {
        let tile = ContactSheet.Tile(luma: [UInt8](repeating: 200, count: 40 * 20), width: 40, height: 20,
                                     boxes: [], caption: ["T 1.00S", "L 120"])
        let canvas = ContactSheet.render(Array(repeating: tile, count: 5), columns: 4, shrink: 2)
        // 4 columns of 20 px cells, 2 rows of 10 px + two 10 px caption lines + 4 px.
        #expect(canvas.width == 4 * (20 + 8) + 8)
        #expect(canvas.height == 2 * (10 + 24 + 8) + 8)
        // The shrunk frame is pasted at the cell's corner; the gap keeps the background.
        #expect(pixel(canvas, 8, 8) == [200, 200, 200])
        #expect(pixel(canvas, 4, 4) == [32, 32, 32])
        // The fifth tile starts the second row.
        #expect(pixel(canvas, 8, 8 + 10 + 24 + 8) == [200, 200, 200])
        #expect(pixel(canvas, 8 + 28, 8 + 10 + 24 + 8) == [32, 32, 32])
    }

    @Test("a colour frame is drawn in colour, each channel shrunk on its own; a wrong-sized one falls back to grey")
    func colourTiles() {
        // 4×2 frame: left half red-ish, right half blue-ish; shrunk by 2 to 2×1.
        var rgb: [UInt8] = []
        for _ in 0..<2 { for x in 0..<4 { rgb += x < 2 ? [200, 40, 20] : [10, 60, 240] } }
        let tile = ContactSheet.Tile(luma: [UInt8](repeating: 90, count: 8), rgb: rgb, width: 4, height: 2, boxes: [], caption: [])
        let canvas = ContactSheet.render([tile], columns: 1, shrink: 2)
        #expect(pixel(canvas, 8, 8) == [200, 40, 20])
        #expect(pixel(canvas, 9, 8) == [10, 60, 240])
        let broken = ContactSheet.Tile(luma: [UInt8](repeating: 90, count: 8), rgb: [1, 2, 3], width: 4, height: 2, boxes: [], caption: [])
        #expect(pixel(ContactSheet.render([broken], columns: 1, shrink: 2), 8, 8) == [90, 90, 90])
    }

    @Test("the main face is outlined in green, the others in yellow, scaled with the frame")
    func boxes() {
        let tile = ContactSheet.Tile(luma: [UInt8](repeating: 0, count: 64 * 64), width: 64, height: 64,
                                     boxes: [(x: 8, y: 8, width: 20, height: 20), (x: 40, y: 40, width: 16, height: 16)],
                                     caption: [])
        let canvas = ContactSheet.render([tile], columns: 1, shrink: 2)
        #expect(pixel(canvas, 8 + 4, 8 + 4) == [Self.green.0, Self.green.1, Self.green.2])
        #expect(pixel(canvas, 8 + 20, 8 + 20) == [Self.yellow.0, Self.yellow.1, Self.yellow.2])
        // Inside the outline the frame shows through.
        #expect(pixel(canvas, 8 + 9, 8 + 9) == [0, 0, 0])
    }

    @Test("text is drawn in the 5×7 font, 6 px per character; unknown characters draw as ?")
    func text() {
        var canvas = RGBCanvas(width: 20, height: 9, background: (0, 0, 0))
        let width = canvas.drawText("1", x: 1, y: 1, color: (255, 255, 255))
        #expect(width == 6)
        // "1": row 0 is 0x04 (one pixel in the middle column), row 6 is 0x0E (three).
        #expect(pixel(canvas, 1 + 2, 1) == [255, 255, 255])
        #expect(pixel(canvas, 1 + 1, 1) == [0, 0, 0])
        #expect((1...3).allSatisfy { pixel(canvas, 1 + $0, 7) == [255, 255, 255] })
        var unknown = RGBCanvas(width: 8, height: 9, background: (0, 0, 0))
        var question = RGBCanvas(width: 8, height: 9, background: (0, 0, 0))
        unknown.drawText("#", x: 1, y: 1, color: (255, 255, 255))
        question.drawText("?", x: 1, y: 1, color: (255, 255, 255))
        #expect(unknown == question)
    }

    @Test("drawing outside the canvas is clipped, not a crash")
    func clipping() {
        var canvas = RGBCanvas(width: 4, height: 4, background: (0, 0, 0))
        canvas.strokeRect(x: -2, y: -2, width: 10, height: 10, color: (255, 0, 0))
        canvas.drawText("88", x: 2, y: -3, color: (0, 0, 255))
        #expect(pixel(canvas, 3, 3) == [0, 0, 255])   // the bottom row of the first 8
        canvas.paste([255, 255, 255, 255], bytesPerPixel: 1, width: 2, height: 2, at: 3, 3)
        #expect(canvas.pixels.count == 4 * 4 * 3)
        #expect(pixel(canvas, 3, 3) == [255, 255, 255])
    }

    // Keypoints: magenta dots where they are, shrunk with the frame.
    static let magenta: (UInt8, UInt8, UInt8) = (255, 40, 220)

    static func color(_ canvas: RGBCanvas, _ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * canvas.width + x) * 3
        return (canvas.pixels[i], canvas.pixels[i + 1], canvas.pixels[i + 2])
    }

    @Test func keypointsAreDrawnAtTheirShrunkPosition() {
        let tile = ContactSheet.Tile(luma: [UInt8](repeating: 128, count: 100 * 80), width: 100, height: 80,
                                     boxes: [], caption: [], points: [(x: 40, y: 30), (x: 500, y: 30)])
        let canvas = ContactSheet.render([tile], columns: 1, shrink: 2)
        // The frame is pasted at (8, 8) (the gap); the point (40, 30) shrinks to (20, 15).
        let dot = Self.color(canvas, 8 + 20, 8 + 15)
        #expect(dot == Self.magenta)
        #expect(Self.color(canvas, 8 + 21, 8 + 16) == Self.magenta)
        #expect(Self.color(canvas, 8 + 24, 8 + 15) != Self.magenta)
        // A point outside the frame is not drawn anywhere.
        let count = stride(from: 0, to: canvas.pixels.count, by: 3).filter {
            (canvas.pixels[$0], canvas.pixels[$0 + 1], canvas.pixels[$0 + 2]) == Self.magenta
        }.count
        #expect(count == 9)
    }

    @Test func aTileWithoutKeypointsHasNoDots() {
        let tile = ContactSheet.Tile(luma: [UInt8](repeating: 128, count: 40 * 40), width: 40, height: 40,
                                     boxes: [(x: 4, y: 4, width: 20, height: 20)], caption: ["T 1.00S"])
        let canvas = ContactSheet.render([tile])
        #expect(!stride(from: 0, to: canvas.pixels.count, by: 3).contains {
            (canvas.pixels[$0], canvas.pixels[$0 + 1], canvas.pixels[$0 + 2]) == Self.magenta
        })
    }
}
