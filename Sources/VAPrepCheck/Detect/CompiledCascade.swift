/// A cascade flattened for one integral-image row stride: every node carries its feature as absolute
/// offsets from a window's top-left entry, packed next to its thresholds, so the per-window loop
/// walks memory front to back with no indirection.
///
/// Mirrors OpenCV's `OptFeature::setOffsets` and the predictor templates of `cascadedetect.hpp`,
/// keeping their number types (Int32 rectangle sums, Float feature values, Double stage sums).
struct CompiledCascade {
    let featureType: CascadeClassifier.FeatureType
    let stride: Int
    let windowWidth: Int
    let windowHeight: Int
    let isStumpBased: Bool
    /// (weak count, threshold) per stage.
    let stageSizes: [Int32]
    let stageThresholds: [Double]
    /// Per node, `nodeInts` Int32s: LBP — 16 lattice-corner offsets then 8 category words;
    /// Haar — 12 rectangle-corner offsets (3 rects × TL, TR, BL, BR).
    let nodeData: [Int32]
    let nodeInts: Int
    /// Haar: per node w0, w1, w2, threshold.
    let nodeFloats: [Float]
    /// Trees: per node left and right (> 0 next node relative to the tree, ≤ 0 leaf −child).
    let nodeChildren: [Int32]
    /// Per weak classifier: first node, first leaf (trees only).
    let weakStarts: [Int32]
    let leaves: [Float]
    /// Haar variance window: the training window inset by one pixel (OpenCV's `normrect`).
    let normOffsets: (Int, Int, Int, Int)
    let normArea: Double

    init(_ c: CascadeClassifier, stride: Int) {
        featureType = c.featureType
        self.stride = stride
        windowWidth = c.windowWidth
        windowHeight = c.windowHeight
        isStumpBased = c.isStumpBased
        stageSizes = c.stages.map { Int32($0.weakCount) }
        stageThresholds = c.stages.map { Double($0.threshold) }
        func corner(_ x: Int, _ y: Int) -> Int32 { Int32(y * stride + x) }
        var data: [Int32] = [], floats: [Float] = [], children: [Int32] = []
        for (k, node) in c.nodes.enumerated() {
            switch c.featureType {
            case .lbp:
                let f = c.lbpFeatures[node.feature]
                // Corner (i, j) of the 4×4 lattice spanning the 3×3 blocks, row-major: index j*4 + i.
                for j in 0..<4 { for i in 0..<4 { data.append(corner(f.x + i * f.w, f.y + j * f.h)) } }
                data += c.subsets[(k * 8)..<(k * 8 + 8)]
            case .haar:
                let f = c.haarFeatures[node.feature]
                var w: [Float] = [0, 0, 0]
                for r in 0..<3 {
                    if r < f.rects.count {
                        let q = f.rects[r]
                        data += [corner(q.x, q.y), corner(q.x + q.w, q.y), corner(q.x, q.y + q.h), corner(q.x + q.w, q.y + q.h)]
                        w[r] = q.weight
                    } else {
                        data += [0, 0, 0, 0]
                    }
                }
                floats += w + [node.threshold]
            }
            children += [Int32(node.left), Int32(node.right)]
        }
        nodeData = data
        nodeInts = c.featureType == .lbp ? 24 : 12
        nodeFloats = floats
        nodeChildren = children
        weakStarts = c.weaks.flatMap { [Int32($0.firstNode), Int32($0.firstLeaf)] }
        leaves = c.leaves
        let n = (corner(1, 1), corner(c.windowWidth - 1, 1), corner(1, c.windowHeight - 1), corner(c.windowWidth - 1, c.windowHeight - 1))
        normOffsets = (Int(n.0), Int(n.1), Int(n.2), Int(n.3))
        normArea = Double((c.windowWidth - 2) * (c.windowHeight - 2))
    }
}
