import Foundation
@testable import VAPrepCheck

/// `testdata/check/mediapipe-reference.json`, written by `scripts/mediapipe-reference.py`:
/// mediapipe's own short-range face detections, relative to each picture.
struct MediapipeReference: Decodable {
    struct Detection: Decodable {
        let score: Double
        /// xmin, ymin, width, height (0...1 of the picture).
        let box: [Double]
        /// Six (x, y) pairs, 0...1 of the picture.
        let keypoints: [[Double]]
    }
    struct Frame: Decodable {
        let file: String
        let width: Int
        let height: Int
        let detections: [Detection]
    }
    let mediapipe: String
    let frames: [Frame]

    static func load() throws -> MediapipeReference {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestData.path("mediapipe-reference.json")))
        return try JSONDecoder().decode(MediapipeReference.self, from: data)
    }
}

/// A binary PPM (P6, 8-bit RGB) for the detector's RGB path: just enough of the format for the
/// committed frames (no comments in the header).
struct RGBTestImage {
    let width: Int
    let height: Int
    let rgb: [UInt8]

    init(ppmAt path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [String] = [], index = 0
        while fields.count < 4 && index < data.count {
            while index < data.count && (data[index] == 0x20 || data[index] == 0x0A) { index += 1 }
            let start = index
            while index < data.count && data[index] != 0x20 && data[index] != 0x0A { index += 1 }
            fields.append(String(decoding: data[start..<index], as: UTF8.self))
        }
        index += 1  // the single whitespace after maxval
        guard fields.count == 4, fields[0] == "P6", let w = Int(fields[1]), let h = Int(fields[2]), fields[3] == "255",
              data.count - index == w * h * 3 else { throw CocoaError(.fileReadCorruptFile) }
        width = w; height = h; rgb = Array(data[index...])
    }
}
