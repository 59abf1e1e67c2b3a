/// Where the main face is over a window, so every encoded frame knows its face box even though
/// only a few frames were analysed.
///
/// Boxes are fractions (0…1) of the **displayed** picture (rotation applied), so the same track
/// serves an analysis frame at 360 px and the encoded picture at 720×1280: a box found in an
/// analysis frame is normalised once (``Sample/init(time:x:y:width:height:frameWidth:frameHeight:)``)
/// and scaled to the encoder's pixels once (``FaceWeighting``).
///
/// ```swift
/// let track = FaceTrack(samples: [
///     .init(time: 0, box: .init(x: 0.3, y: 0.2, width: 0.4, height: 0.3)),
///     .init(time: 1, box: .init(x: 0.35, y: 0.2, width: 0.4, height: 0.3)),
/// ])
/// track?.box(at: 0.5)   // x 0.325: halfway between the two samples
/// ```
///
/// Between two samples with a face the box moves linearly; before the first sample and after
/// the last it is held. A sample without a face (`box == nil`) is a measurement too: a frame
/// nearer to it than to a face sample gets no box, so a face that leaves the picture stops
/// being weighted.
public struct FaceTrack: Sendable, Codable, Equatable {
    /// A rectangle in fractions of the displayed picture, top-left origin.
    public struct Box: Sendable, Codable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x; self.y = y; self.width = width; self.height = height
        }

        /// `self` moved `fraction` (0…1) of the way to `other`.
        func interpolated(to other: Box, fraction: Double) -> Box {
            func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * fraction }
            return Box(x: mix(x, other.x), y: mix(y, other.y), width: mix(width, other.width), height: mix(height, other.height))
        }
    }

    /// One analysed frame: its clip time and the main face, or nil when none was found.
    public struct Sample: Sendable, Codable, Equatable {
        /// Seconds from the clip's start.
        public var time: Double
        public var box: Box?

        public init(time: Double, box: Box?) {
            self.time = time
            self.box = box
        }

        /// A face found at (`x`, `y`, `width`, `height`) pixels of an upright picture of
        /// `frameWidth`×`frameHeight` (an analysis frame): the one place analysis pixels become
        /// picture fractions. Nil box for an empty picture.
        public init(time: Double, x: Int, y: Int, width: Int, height: Int, frameWidth: Int, frameHeight: Int) {
            self.time = time
            guard frameWidth > 0, frameHeight > 0, width > 0, height > 0 else { self.box = nil; return }
            let w = Double(frameWidth), h = Double(frameHeight)
            self.box = Box(x: Double(x) / w, y: Double(y) / h, width: Double(width) / w, height: Double(height) / h)
        }
    }

    /// In time order.
    public private(set) var samples: [Sample]

    /// A track over `samples` (any order); nil when no sample shows a face, since then there is
    /// nothing to weight and the encode must be today's.
    public init?(samples: [Sample]) {
        let finite = samples.filter { $0.time.isFinite }
        guard finite.contains(where: { $0.box != nil }) else { return nil }
        self.samples = finite.sorted { $0.time < $1.time }
    }

    /// How many samples show a face.
    public var faceSampleCount: Int { samples.count(where: { $0.box != nil }) }

    /// The face box at `time` (clip seconds), or nil when the nearest measurement found none.
    public func box(at time: Double) -> Box? {
        guard let first = samples.first, let last = samples.last else { return nil }
        if time <= first.time { return first.box }
        if time >= last.time { return last.box }
        // The first sample after `time`; the one before it exists since time > first.time.
        var upper = samples.startIndex
        while samples[upper].time <= time { upper += 1 }
        let before = samples[upper - 1], after = samples[upper]
        let span = after.time - before.time
        let fraction = span > 0 ? (time - before.time) / span : 0
        switch (before.box, after.box) {
        case let (a?, b?): return a.interpolated(to: b, fraction: fraction)
        case let (a?, nil): return fraction <= 0.5 ? a : nil
        case let (nil, b?): return fraction >= 0.5 ? b : nil
        case (nil, nil): return nil
        }
    }
}
