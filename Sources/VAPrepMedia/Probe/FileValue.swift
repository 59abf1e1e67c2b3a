internal import CFFmpeg

/// The checked conversions every value read from a file goes through before Swift does
/// arithmetic on it: timestamps, durations, time bases, frame rates, sizes and counts.
///
/// Why one place: a container stores 64-bit timestamps and 32-bit rationals that a crafted
/// file can set to anything (cluster times near 2^62, a time scale of 2^31 − 1 with
/// one-tick samples). Swift traps on overflow, and one trap ends every request a service
/// has in flight. Here overflow and nonsense become ``MediaError/corrupt(_:)`` naming the
/// value, and the sanity bounds a phone clip can never be outside are written once.
enum FileValue {
    /// A positive rational (`num > 0`, `den > 0`) as a Double, nil for FFmpeg's "unknown"
    /// (0/0, 0/1) and for anything not positive.
    static func positive(_ q: AVRational) -> Double? {
        guard q.num > 0, q.den > 0 else { return nil }
        let value = Double(q.num) / Double(q.den)
        return value.isFinite && value > 0 ? value : nil
    }

    /// A stream's time base, which every timestamp is multiplied by: must be positive.
    static func timeBase(_ q: AVRational) throws -> AVRational {
        guard positive(q) != nil else {
            throw MediaError.impossible("the video stream's time base \(q.num)/\(q.den) is not a positive fraction")
        }
        return q
    }

    /// A declared frame rate, nil when unknown; a known one outside
    /// (0, ``VideoStreamInfo/maxFramesPerSecond``] is corrupt.
    static func frameRate(_ q: AVRational) throws -> Double? {
        guard q.num != 0 || q.den != 0, q.num != 0 else { return nil }
        guard let rate = positive(q), rate <= VideoStreamInfo.maxFramesPerSecond else {
            throw MediaError.impossible("the declared frame rate \(q.num)/\(q.den) is outside (0, \(Int(VideoStreamInfo.maxFramesPerSecond))] fps")
        }
        return rate
    }

    /// `ticks × timeBase` in seconds; finite for every Int64 and positive time base.
    static func seconds(_ ticks: Int64, _ timeBase: AVRational) -> Double {
        Double(ticks) * Double(timeBase.num) / Double(timeBase.den)
    }

    /// `a − b` for timestamps from the file; overflow (e.g. a timestamp near 2^63 minus a
    /// negative origin) is corrupt, never a trap.
    static func difference(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw MediaError.impossible("the timestamps \(a) and \(b) are too far apart to be real") }
        return value
    }

    /// `a + b` for timestamps from the file.
    static func sum(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        if overflow { throw MediaError.impossible("the timestamp \(a) + \(b) is out of range") }
        return value
    }

    /// Seconds from a stream's origin turned into that stream's ticks (for seeking), checked:
    /// a Double outside Int64 would trap in `Int64(_:)`.
    static func ticks(seconds: Double, timeBase: AVRational, origin: Int64) throws -> Int64 {
        let scaled = (seconds * Double(timeBase.den) / Double(timeBase.num)).rounded(.down)
        guard scaled.isFinite, let ticks = Int64(exactly: scaled) else {
            throw MediaError.impossible("\(seconds) s does not fit the stream's clock \(timeBase.num)/\(timeBase.den)")
        }
        return try sum(origin, ticks)
    }

    /// A duration in seconds from the file: finite and not negative, or corrupt.
    static func duration(_ seconds: Double, of what: String) throws -> Double {
        guard seconds.isFinite, seconds >= 0 else {
            throw MediaError.impossible("the \(what) duration \(seconds) s is not a real duration")
        }
        return seconds
    }

    /// A count from the file (frames, samples) as an Int, nil when unknown or not positive.
    static func count(_ value: Int64) -> Int? {
        value > 0 ? Int(exactly: value) : nil
    }

    /// Declared width × height against ``MediaLimits/maxPixels``, multiplied without overflow.
    static func checkPixels(width: Int32, height: Int32, limits: MediaLimits) throws {
        guard width >= 0, height >= 0 else {
            throw MediaError.impossible("the video stream declares a negative frame size \(width)x\(height)")
        }
        let (pixels, overflow) = Int(width).multipliedReportingOverflow(by: Int(height))
        if overflow || pixels > limits.maxPixels {
            throw MediaError.limitExceeded(limit: "pixels", value: "\(width)x\(height)", max: "\(limits.maxPixels)")
        }
    }

    /// A size the encoder or scaler needs as a C `int`.
    static func int32(_ value: Int, of what: String) throws -> Int32 {
        guard let converted = Int32(exactly: value) else {
            throw MediaError.impossible("the \(what) \(value) does not fit a 32-bit integer")
        }
        return converted
    }
}
