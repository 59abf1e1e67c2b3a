import CFFmpeg
import Testing
@testable import VAPrepMedia

@Suite("PlaneRotation and Orientation")
struct PlaneRotationTests {
    // 3 wide, 2 high:  1 2 3
    //                  4 5 6
    static let plane: [UInt8] = [1, 2, 3, 4, 5, 6]

    @Test("each orientation of a 3×2 plane, written out by hand", arguments: [
        (Orientation(clockwise: 0, flipped: false), [1, 2, 3, 4, 5, 6] as [UInt8]),
        (Orientation(clockwise: 90, flipped: false), [4, 1, 5, 2, 6, 3]),
        (Orientation(clockwise: 180, flipped: false), [6, 5, 4, 3, 2, 1]),
        (Orientation(clockwise: 270, flipped: false), [3, 6, 2, 5, 1, 4]),
        (Orientation(clockwise: 0, flipped: true), [3, 2, 1, 6, 5, 4]),
        (Orientation(clockwise: 90, flipped: true), [6, 3, 5, 2, 4, 1]),
        (Orientation(clockwise: 180, flipped: true), [4, 5, 6, 1, 2, 3]),
        (Orientation(clockwise: 270, flipped: true), [1, 4, 2, 5, 3, 6]),
    ])
    func handWritten(orientation: Orientation, expected: [UInt8]) {
        #expect(PlaneRotation.apply(orientation, pixels: Self.plane, width: 3, height: 2) == expected)
        let size = PlaneRotation.outputSize(width: 3, height: 2, orientation: orientation)
        #expect(size.width == (orientation.swapsAxes ? 2 : 3))
    }

    @Test("on planes larger than a tile: four quarter turns are the identity, two are a half turn")
    func composition() {
        let width = 131, height = 77   // not multiples of the 64-pixel tile
        var generator = SystemRandomNumberGenerator()
        let plane = (0..<(width * height)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let quarter = Orientation(clockwise: 90, flipped: false)
        var turned = plane, w = width, h = height
        for _ in 0..<4 {
            turned = PlaneRotation.apply(quarter, pixels: turned, width: w, height: h)
            swap(&w, &h)
        }
        #expect(turned == plane)
        let twice = PlaneRotation.apply(quarter, pixels: PlaneRotation.apply(quarter, pixels: plane, width: width, height: height),
                                        width: height, height: width)
        #expect(twice == PlaneRotation.apply(Orientation(clockwise: 180, flipped: false), pixels: plane, width: width, height: height))
        let mirror = Orientation(clockwise: 0, flipped: true)
        #expect(PlaneRotation.apply(mirror, pixels: PlaneRotation.apply(mirror, pixels: plane, width: width, height: height),
                                    width: width, height: height) == plane)
    }

    @Test("3-byte pixels move as units")
    func rgb() {
        let pixels: [UInt8] = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]   // 2×2 RGB: a b / c d
        #expect(PlaneRotation.apply(Orientation(clockwise: 90, flipped: false), pixels: pixels, width: 2, height: 2,
                                    bytesPerPixel: 3) == [3, 3, 3, 1, 1, 1, 4, 4, 4, 2, 2, 2])
    }

    /// A display matrix (16.16 fixed point) that `av_display_rotation_get` — and so ffprobe's
    /// "rotation of θ degrees" — reads as `degrees`.
    static func matrix(ffprobeRotation degrees: Int, hflip: Bool = false, vflip: Bool = false) -> [Int32] {
        let one: Int32 = 1 << 16
        let (c, s): (Int32, Int32) = switch (degrees % 360 + 360) % 360 {
        case 90: (0, one)
        case 180: (-one, 0)
        case 270: (0, -one)
        default: (one, 0)
        }
        // av_display_rotation_get(m) = -atan2(m[1], m[0]) in degrees.
        var m: [Int32] = [c, -s, 0, s, c, 0, 0, 0, 1 << 30]
        // av_display_matrix_flip: column 0 negated for hflip, column 1 for vflip.
        if hflip { m[0] = -m[0]; m[3] = -m[3]; m[6] = -m[6] }
        if vflip { m[1] = -m[1]; m[4] = -m[4]; m[7] = -m[7] }
        return m
    }

    @Test("display matrix → clockwise rotation as FFmpeg's autorotate applies it", arguments: [
        // An iPhone portrait clip: ffprobe "rotation of -90.00 degrees", autorotate transposes clockwise.
        (matrix(ffprobeRotation: -90), Orientation(clockwise: 90, flipped: false)),
        (matrix(ffprobeRotation: 90), Orientation(clockwise: 270, flipped: false)),
        (matrix(ffprobeRotation: 180), Orientation(clockwise: 180, flipped: false)),
        (matrix(ffprobeRotation: 0), Orientation(clockwise: 0, flipped: false)),
        (matrix(ffprobeRotation: 0, hflip: true), Orientation(clockwise: 0, flipped: true)),
        (matrix(ffprobeRotation: 0, vflip: true), Orientation(clockwise: 180, flipped: true)),
    ])
    func fromMatrix(m: [Int32], expected: Orientation) {
        #expect(m.withUnsafeBufferPointer { Orientation(displayMatrix: $0.baseAddress) } == expected)
    }

    /// FFmpeg quirk: `av_display_rotation_set(m, θ)` is documented as counter-clockwise, yet
    /// `av_display_rotation_get` reads its matrix back as -θ, and autorotate then turns the
    /// picture θ degrees clockwise. What matters is what real files decode to — the
    /// rotated.mp4 sampler test checks that against the upright original.
    @Test("matrices built by FFmpeg's own av_display_rotation_set agree", arguments: [-90.0, 90, 180, -180, 0, 270])
    func ffmpegBuiltMatrix(angle: Double) {
        var m = [Int32](repeating: 0, count: 9)
        av_display_rotation_set(&m, angle)
        #expect(abs(av_display_rotation_get(m) + angle).truncatingRemainder(dividingBy: 360) < 1e-6)
        let clockwise = ((Int(angle) % 360) + 360) % 360
        #expect(Orientation(displayMatrix: m) == Orientation(clockwise: clockwise, flipped: false))
        av_display_matrix_flip(&m, 1, 0)
        #expect(Orientation(displayMatrix: m).flipped)
    }

    @Test("no display matrix means upright")
    func noMatrix() {
        #expect(Orientation(displayMatrix: nil) == .upright)
    }
}
