import Testing
@testable import VAPrepMedia

/// The contact sheet draws each face's keypoints as magenta dots where they are, shrunk with the frame.
@Suite struct ContactSheetTests {
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
