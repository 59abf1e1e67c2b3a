import VAPrepCheck

/// A 64×64 gradient with a darker square: enough structure that stages pass and fail.
private let probeImage: GrayImage = {
    var pixels = [UInt8](repeating: 0, count: 64 * 64)
    for y in 0..<64 { for x in 0..<64 { pixels[y * 64 + x] = UInt8((x * 3 + y * 2) & 0xff) / ((16..<40).contains(x) && (20..<44).contains(y) ? 3 : 1) } }
    return GrayImage(width: 64, height: 64, pixels: pixels)
}()

/// libFuzzer entry: any bytes as a cascade file (`CascadeClassifier(xml:)`: the XML reader,
/// then the cascade built from the tree). A thrown `CascadeError` is a correct answer. A
/// cascade that loads is also run over a small image, so every index it accepted is proven
/// safe to use by the detector.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCascadeXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let cascade = try? CascadeClassifier(xml: bytes) else { return 0 }
    _ = FaceDetector(cascade: cascade).candidates(in: probeImage)
    return 0
}
