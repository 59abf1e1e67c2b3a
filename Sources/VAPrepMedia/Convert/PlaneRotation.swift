/// Turns 8-bit pixel planes upright: mirror (optional) then rotate 0/90/180/270° clockwise.
///
/// Used for analysis frames and by the transcoder (rotation goes into the pixels so no
/// backend has to honour a display matrix). A 90° turn reads the source column-wise,
/// which on a 1080p plane misses the cache on every byte; walking the output in 64×64
/// tiles keeps both the source rows and the destination rows of a tile in L1.
enum PlaneRotation {
    /// Size of the output plane for a `width`×`height` input.
    static func outputSize(width: Int, height: Int, orientation: Orientation) -> (width: Int, height: Int) {
        orientation.swapsAxes ? (height, width) : (width, height)
    }

    static let tile = 64

    /// Writes the upright version of `source` (`width`×`height` pixels of `bytesPerPixel`
    /// bytes, rows `sourceStride` bytes apart) into `destination` (rows `destinationStride`
    /// bytes apart, size from ``outputSize(width:height:orientation:)``).
    static func apply(_ orientation: Orientation,
                      source: UnsafePointer<UInt8>, sourceStride: Int, width: Int, height: Int, bytesPerPixel: Int = 1,
                      destination: UnsafeMutablePointer<UInt8>, destinationStride: Int) {
        let (outWidth, outHeight) = outputSize(width: width, height: height, orientation: orientation)
        let bpp = bytesPerPixel
        if orientation == .upright {
            for y in 0..<height {
                (destination + y * destinationStride).update(from: source + y * sourceStride, count: width * bpp)
            }
            return
        }
        // Source pixel of output (ox, oy) is (x0 + ox*xPerOX + oy*xPerOY, y0 + ox*yPerOX + oy*yPerOY).
        var x0 = 0, y0 = 0, xPerOX = 1, xPerOY = 0, yPerOX = 0, yPerOY = 1
        switch orientation.clockwise {
        case 90: x0 = 0; y0 = height - 1; xPerOX = 0; xPerOY = 1; yPerOX = -1; yPerOY = 0
        case 180: x0 = width - 1; y0 = height - 1; xPerOX = -1; xPerOY = 0; yPerOX = 0; yPerOY = -1
        case 270: x0 = width - 1; y0 = 0; xPerOX = 0; xPerOY = -1; yPerOX = 1; yPerOY = 0
        default: break
        }
        if orientation.flipped { // mirror first: source x becomes width-1-x
            x0 = width - 1 - x0; xPerOX = -xPerOX; xPerOY = -xPerOY
        }
        let base = y0 * sourceStride + x0 * bpp
        let stepOX = yPerOX * sourceStride + xPerOX * bpp
        let stepOY = yPerOY * sourceStride + xPerOY * bpp
        for tileY in stride(from: 0, to: outHeight, by: tile) {
            let tileYEnd = min(tileY + tile, outHeight)
            for tileX in stride(from: 0, to: outWidth, by: tile) {
                let tileXEnd = min(tileX + tile, outWidth)
                for oy in tileY..<tileYEnd {
                    var from = base + tileX * stepOX + oy * stepOY
                    var to = destination + oy * destinationStride + tileX * bpp
                    if bpp == 1 {
                        for _ in tileX..<tileXEnd {
                            to.pointee = source[from]
                            to += 1
                            from += stepOX
                        }
                    } else {
                        for _ in tileX..<tileXEnd {
                            to.update(from: source + from, count: bpp)
                            to += bpp
                            from += stepOX
                        }
                    }
                }
            }
        }
    }

    /// Convenience for tightly packed arrays.
    static func apply(_ orientation: Orientation, pixels: [UInt8], width: Int, height: Int,
                      bytesPerPixel: Int = 1) -> [UInt8] {
        precondition(pixels.count >= width * height * bytesPerPixel)
        let (outWidth, _) = outputSize(width: width, height: height, orientation: orientation)
        return [UInt8](unsafeUninitializedCapacity: width * height * bytesPerPixel) { out, count in
            pixels.withUnsafeBufferPointer { src in
                apply(orientation, source: src.baseAddress!, sourceStride: width * bytesPerPixel,
                      width: width, height: height, bytesPerPixel: bytesPerPixel,
                      destination: out.baseAddress!, destinationStride: outWidth * bytesPerPixel)
            }
            count = width * height * bytesPerPixel
        }
    }
}
