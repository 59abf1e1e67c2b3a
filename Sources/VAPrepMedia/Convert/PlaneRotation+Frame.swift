internal import CFFmpeg

extension PlaneRotation {
    /// Rotates an 8-bit `yuv420p` frame's three planes into `destination`, which must
    /// already be allocated with the output size (swapped for 90/270) and be writable.
    static func rotateYUV420(from source: UnsafeMutablePointer<AVFrame>, into destination: UnsafeMutablePointer<AVFrame>,
                             _ orientation: Orientation) {
        let width = Int(source.pointee.width), height = Int(source.pointee.height)
        withUnsafePointer(to: &source.pointee.data) { sourceData in
            withUnsafePointer(to: &destination.pointee.data) { destinationData in
                sourceData.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 3) { from in
                    destinationData.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 3) { to in
                        let sourceStrides = [source.pointee.linesize.0, source.pointee.linesize.1, source.pointee.linesize.2]
                        let destinationStrides = [destination.pointee.linesize.0, destination.pointee.linesize.1,
                                                  destination.pointee.linesize.2]
                        for plane in 0..<3 {
                            // Chroma planes of 4:2:0 are half size, rounded up for odd sizes.
                            let planeWidth = plane == 0 ? width : (width + 1) / 2
                            let planeHeight = plane == 0 ? height : (height + 1) / 2
                            guard let src = from[plane], let dst = to[plane] else { continue }
                            apply(orientation, source: src, sourceStride: Int(sourceStrides[plane]),
                                  width: planeWidth, height: planeHeight,
                                  destination: dst, destinationStride: Int(destinationStrides[plane]))
                        }
                    }
                }
            }
        }
    }
}
