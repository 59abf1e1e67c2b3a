import Foundation
@testable import VAPrepCheck
import VAPrepTestSupport

/// The pre-check's inputs inside the shared test data: `testdata/check/` frames and
/// references, and the OpenCV cascades Debian installs.
extension TestData {
    /// The greyscale frame `testdata/check/NAME` (PGM).
    static func image(_ name: String) throws -> GrayImage { try GrayImage(pgmAt: path("check/" + name)) }

    static let cascadePaths: [String: String] = [
        "lbpcascade_frontalface_improved": "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml",
        "haarcascade_frontalface_alt2": "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml",
        "haarcascade_frontalface_default": "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml",
    ]
}

/// `testdata/check/opencv-reference.json`, written by `scripts/opencv-reference.py`.
struct OpenCVReference: Decodable {
    struct Resize: Decodable { let width: Int; let height: Int; let fnv1a64: String; let sum: Int }
    struct MinSizeBoxes: Decodable { let minSize: [Int]; let boxes: [[Int]] }
    struct Cascade: Decodable {
        let window: [Int]
        let singleScaleRaw: [[Int]]
        let multiScaleRaw: [[Int]]
        let grouped: [[Int]]
        let groupedMinSize: MinSizeBoxes
    }
    struct Frame: Decodable {
        let file: String
        let width: Int
        let height: Int
        let cascades: [String: Cascade]
        let resize: [Resize]
    }
    let opencv: String
    let frames: [Frame]

    static func load() throws -> OpenCVReference {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestData.path("check/opencv-reference.json")))
        return try JSONDecoder().decode(OpenCVReference.self, from: data)
    }
}

extension Array where Element == [Int] {
    var boxes: [FaceBox] { map { FaceBox(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) }.sorted() }
}

func fnv1a64(_ bytes: [UInt8]) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    let s = String(h, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}
