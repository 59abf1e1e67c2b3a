/// A cascade flattened for one integral-image row stride: every feature turned into absolute
/// offsets from a window's top-left entry, so the per-window loop does only loads and adds.
///
/// Mirrors OpenCV's `OptFeature::setOffsets` and the four predictor templates of `cascadedetect.hpp`,
/// including their number types (Int32 rectangle sums, Float feature values, Double stage sums).
struct CompiledCascade {
    let featureType: CascadeClassifier.FeatureType
    let stride: Int
    let windowWidth: Int
    let windowHeight: Int
    let isStumpBased: Bool
    /// Haar: 12 offsets per feature (3 rects × corners TL, TR, BL, BR); LBP: 16 offsets (4×4 grid corners).
    let offsets: [Int]
    /// Haar: 3 weights per feature (0 when the feature has fewer rects).
    let weights: [Float]
    let stages: [CascadeClassifier.Stage]
    let weaks: [CascadeClassifier.Weak]
    let nodeFeature: [Int]
    let nodeThreshold: [Float]
    let nodeLeft: [Int]
    let nodeRight: [Int]
    let leaves: [Float]
    let subsets: [Int32]
    /// Haar variance window: the training window inset by one pixel (OpenCV's `normrect`).
    let normOffsets: (Int, Int, Int, Int)
    let normArea: Double

    init(_ c: CascadeClassifier, stride: Int) {
        featureType = c.featureType
        self.stride = stride
        windowWidth = c.windowWidth
        windowHeight = c.windowHeight
        isStumpBased = c.isStumpBased
        func corners(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> [Int] {
            [y * stride + x, y * stride + x + w, (y + h) * stride + x, (y + h) * stride + x + w]
        }
        var ofs: [Int] = [], wts: [Float] = []
        switch c.featureType {
        case .haar:
            for f in c.haarFeatures {
                for r in 0..<3 {
                    if r < f.rects.count {
                        let q = f.rects[r]
                        ofs += corners(q.x, q.y, q.w, q.h); wts.append(q.weight)
                    } else {
                        ofs += [0, 0, 0, 0]; wts.append(0)
                    }
                }
            }
        case .lbp:
            for f in c.lbpFeatures {
                // Corner (i, j) of the 4×4 lattice spanning the 3×3 blocks, row-major: index j*4 + i.
                for j in 0..<4 { for i in 0..<4 { ofs.append((f.y + j * f.h) * stride + f.x + i * f.w) } }
            }
        }
        offsets = ofs
        weights = wts
        stages = c.stages
        weaks = c.weaks
        nodeFeature = c.nodes.map(\.feature)
        nodeThreshold = c.nodes.map(\.threshold)
        nodeLeft = c.nodes.map(\.left)
        nodeRight = c.nodes.map(\.right)
        leaves = c.leaves
        subsets = c.subsets
        let n = corners(1, 1, c.windowWidth - 2, c.windowHeight - 2)
        normOffsets = (n[0], n[1], n[2], n[3])
        normArea = Double((c.windowWidth - 2) * (c.windowHeight - 2))
    }
}
