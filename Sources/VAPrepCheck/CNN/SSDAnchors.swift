/// The anchor centres mediapipe's SsdAnchorsCalculator makes for BlazeFace short-range: strides
/// 8, 16, 16, 16 on a 128-pixel input, one aspect ratio plus the interpolated one, fixed size 1.
///
/// Layers of the same stride share a grid, so the anchors are 2 per cell of the 16 x 16 grid then
/// 6 per cell of the 8 x 8 grid (896), row by row — the order the network's heads are read in.
struct SSDAnchors: Sendable {
    /// Centres in 0...1 of the input tensor, in anchor order.
    let centers: [(x: Float, y: Float)]

    static let blazeFaceShortRange = SSDAnchors(inputSize: 128, strides: [8, 16, 16, 16], anchorsPerLayer: 2)

    init(inputSize: Int, strides: [Int], anchorsPerLayer: Int) {
        var centers: [(x: Float, y: Float)] = []
        var layer = 0
        while layer < strides.count {
            var last = layer
            while last + 1 < strides.count && strides[last + 1] == strides[layer] { last += 1 }
            let perCell = anchorsPerLayer * (last - layer + 1)
            let grid = (inputSize + strides[layer] - 1) / strides[layer]
            for y in 0..<grid {
                for x in 0..<grid {
                    // anchor_offset 0.5: the centre of the cell.
                    let center = (x: (Float(x) + 0.5) / Float(grid), y: (Float(y) + 0.5) / Float(grid))
                    centers += Array(repeating: center, count: perCell)
                }
            }
            layer = last + 1
        }
        self.centers = centers
    }
}
