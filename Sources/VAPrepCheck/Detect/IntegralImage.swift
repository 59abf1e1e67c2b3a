/// Summed-area tables of a picture, laid out as OpenCV's `integral(img, sum, sqsum, CV_32S, CV_32S)`:
/// `(height + 1)` rows of `stride` entries, entry (x, y) holding the sum over all pixels above and left of it.
///
/// The squared sums are 32-bit and wrap, exactly as OpenCV's `CV_32S` `sqsum` does on big pictures;
/// a window's squared sum (at most 45·45·255² < 2³²) still comes out right as an unsigned difference.
struct IntegralImage {
    var sum: [Int32]
    var squares: [UInt32]
    private(set) var width = 0
    private(set) var height = 0
    /// Entries per row; fixed for all pyramid levels of one scan so feature offsets are computed once.
    let stride: Int
    let withSquares: Bool

    init(capacityWidth: Int, capacityHeight: Int, withSquares: Bool) {
        stride = capacityWidth + 1
        self.withSquares = withSquares
        sum = [Int32](repeating: 0, count: stride * (capacityHeight + 1))
        squares = withSquares ? [UInt32](repeating: 0, count: stride * (capacityHeight + 1)) : []
    }

    /// Fills the tables from the first `w * h` bytes of `pixels` (packed rows of width `w`).
    mutating func compute(pixels: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int) {
        precondition(w + 1 <= stride && (h + 1) * stride <= sum.count)
        width = w; height = h
        let stride = self.stride
        let squaresToo = withSquares
        sum.withUnsafeMutableBufferPointer { sp in
            squares.withUnsafeMutableBufferPointer { qp in
                let s = sp.baseAddress!
                for x in 0...w { s[x] = 0 }
                if squaresToo { for x in 0...w { qp[x] = 0 } }
                for y in 0..<h {
                    let src = pixels.baseAddress! + y * w
                    let above = s + y * stride, row = s + (y + 1) * stride
                    row[0] = 0
                    var rowSum: Int32 = 0
                    if squaresToo {
                        let q = qp.baseAddress!
                        let qAbove = q + y * stride, qRow = q + (y + 1) * stride
                        qRow[0] = 0
                        var rowSquares: UInt32 = 0
                        for x in 0..<w {
                            let v = Int32(src[x])
                            rowSum &+= v
                            rowSquares &+= UInt32(v * v)
                            row[x + 1] = above[x + 1] &+ rowSum
                            qRow[x + 1] = qAbove[x + 1] &+ rowSquares
                        }
                    } else {
                        for x in 0..<w {
                            rowSum &+= Int32(src[x])
                            row[x + 1] = above[x + 1] &+ rowSum
                        }
                    }
                }
            }
        }
    }
}
