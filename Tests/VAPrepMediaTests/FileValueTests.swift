import CFFmpeg
import Testing
@testable import VAPrepMedia

/// The checked conversions of values read from files, and the sanity bounds at probe time.
@Suite("Checked values from files")
struct FileValueTests {
    @Test("rationals: positive ones convert, unknown ones are nil, nonsense is corrupt")
    func rationals() throws {
        #expect(FileValue.positive(AVRational(num: 30000, den: 1001))! == 30000.0 / 1001)
        #expect(FileValue.positive(AVRational(num: 0, den: 0)) == nil)
        #expect(FileValue.positive(AVRational(num: -1, den: 30)) == nil)
        #expect(try FileValue.frameRate(AVRational(num: 0, den: 0)) == nil)
        #expect(try FileValue.frameRate(AVRational(num: 0, den: 1)) == nil)
        #expect(try FileValue.frameRate(AVRational(num: 240, den: 1)) == 240)
        #expect(throws: MediaError.self) { try FileValue.frameRate(AVRational(num: 2_147_483_647, den: 1)) }
        #expect(throws: MediaError.self) { try FileValue.frameRate(AVRational(num: 12800, den: 1)) }
        #expect(throws: MediaError.self) { try FileValue.frameRate(AVRational(num: -30, den: 1)) }
        #expect(throws: MediaError.self) { try FileValue.timeBase(AVRational(num: 0, den: 1)) }
        #expect(throws: MediaError.self) { try FileValue.timeBase(AVRational(num: 1, den: 0)) }
        #expect(try FileValue.timeBase(AVRational(num: 1, den: 90000)).den == 90000)
    }

    @Test("timestamp arithmetic overflows into corrupt, never a trap")
    func timestamps() throws {
        #expect(try FileValue.difference(1 << 62, (1 << 62) - 100) == 100)
        #expect(throws: MediaError.self) { try FileValue.difference(Int64.max, -1) }
        #expect(throws: MediaError.self) { try FileValue.difference(Int64.min, 1) }
        #expect(throws: MediaError.self) { try FileValue.sum(Int64.max, 1) }
        let ms = AVRational(num: 1, den: 1000)
        #expect(try FileValue.ticks(seconds: 1.5, timeBase: ms, origin: 10) == 1510)
        #expect(throws: MediaError.self) { try FileValue.ticks(seconds: 1e300, timeBase: ms, origin: 0) }
        #expect(throws: MediaError.self) { try FileValue.ticks(seconds: .nan, timeBase: ms, origin: 0) }
        #expect(throws: MediaError.self) { try FileValue.ticks(seconds: 1, timeBase: ms, origin: Int64.max) }
        #expect(FileValue.seconds(Int64.max, AVRational(num: 1, den: 1)).isFinite)
    }

    @Test("durations, counts and sizes")
    func sizes() throws {
        #expect(throws: MediaError.self) { try FileValue.duration(.infinity, of: "container") }
        #expect(throws: MediaError.self) { try FileValue.duration(-1, of: "container") }
        #expect(try FileValue.duration(4, of: "container") == 4)
        #expect(FileValue.count(-5) == nil && FileValue.count(0) == nil && FileValue.count(7) == 7)
        #expect(throws: MediaError.limitExceeded(limit: "pixels", value: "65535x65535", max: "\(7680 * 4320)")) {
            try FileValue.checkPixels(width: 65535, height: 65535, limits: .default)
        }
        #expect(throws: MediaError.self) { try FileValue.checkPixels(width: -1, height: 64, limits: .default) }
        try FileValue.checkPixels(width: 3840, height: 2160, limits: .default)
        #expect(throws: MediaError.self) { try FileValue.int32(Int(Int32.max) + 1, of: "width") }
    }

    @Test("the fps limiter takes any time without trapping")
    func limiter() {
        var limiter = FrameRateLimiter(maxFps: 30)
        let kept = [0, 1e300, .infinity, .nan].map { limiter.keep(time: $0) }
        #expect(kept == [true, true, false, false])
    }
}
