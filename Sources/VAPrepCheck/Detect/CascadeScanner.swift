/// Runs a compiled cascade over every window position of one pyramid level.
///
/// Results follow OpenCV's `runAt`: 1 = every stage passed, `-s` = rejected at stage `s`
/// (0 = the very first stage, which lets the scan skip the next position), -1 also for a flat
/// window rejected by the Haar variance test.
struct CascadeScanner {
    let cascade: CompiledCascade

    /// Scans window positions `x, y ∈ {0, step, 2·step, …}` with `x ≤ width − windowWidth`,
    /// `y ≤ height − windowHeight` of a level whose integral image is `sum` (and `squares` for Haar).
    /// Calls `hit(x, y)` for each accepted window.
    func scan(sum: UnsafePointer<Int32>, squares: UnsafePointer<UInt32>?, width: Int, height: Int,
              step: Int, hit: (Int, Int) -> Void) {
        let c = cascade
        let xEnd = width + 1 - c.windowWidth, yEnd = height + 1 - c.windowHeight
        guard xEnd > 0, yEnd > 0 else { return }
        c.stageSizes.withUnsafeBufferPointer { sizes in
        c.stageThresholds.withUnsafeBufferPointer { thresholds in
        c.nodeData.withUnsafeBufferPointer { data in
        c.nodeFloats.withUnsafeBufferPointer { floats in
        c.nodeChildren.withUnsafeBufferPointer { children in
        c.weakStarts.withUnsafeBufferPointer { weaks in
        c.leaves.withUnsafeBufferPointer { leaves in
            let t = Tables(stageCount: sizes.count, sizes: sizes.baseAddress!, thresholds: thresholds.baseAddress!,
                           data: data.baseAddress!, floats: floats.baseAddress, children: children.baseAddress!,
                           weaks: weaks.baseAddress!, leaves: leaves.baseAddress!)
            var y = 0
            while y < yEnd {
                var x = 0
                let rowSum = sum + y * c.stride
                while x < xEnd {
                    let result: Int
                    switch (c.featureType, c.isStumpBased) {
                    case (.lbp, true): result = lbpStumps(rowSum + x, t)
                    case (.lbp, false): result = lbpTrees(rowSum + x, t)
                    case (.haar, _): result = haar(rowSum + x, squares! + y * c.stride + x, t)
                    }
                    if result > 0 { hit(x, y) }
                    x += result == 0 ? 2 * step : step
                }
                y += step
            }
        } } } } } } }
    }

    private struct Tables {
        let stageCount: Int
        let sizes: UnsafePointer<Int32>
        let thresholds: UnsafePointer<Double>
        let data: UnsafePointer<Int32>
        let floats: UnsafePointer<Float>?
        let children: UnsafePointer<Int32>
        let weaks: UnsafePointer<Int32>
        let leaves: UnsafePointer<Float>
    }

    @inline(__always)
    private func rectSum(_ p: UnsafePointer<Int32>, _ o: UnsafePointer<Int32>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int32 {
        p[Int(o[a])] &- p[Int(o[b])] &- p[Int(o[c])] &+ p[Int(o[d])]
    }

    /// Whether LBP node `n` sends the window left (OpenCV's `LBPEvaluator::OptFeature::calc` + subset test):
    /// a neighbour block sets its code bit when its sum is ≥ the centre's, clockwise from top-left 128 … 1;
    /// the node goes left when bit `code & 31` of category word `code >> 5` is set.
    @inline(__always)
    private func lbpGoesLeft(_ p: UnsafePointer<Int32>, _ o: UnsafePointer<Int32>) -> Bool {
        // The 16 lattice corners, loaded once: block sums share corners.
        var v = (Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0),
                 Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
        v.0 = p[Int(o[0])]; v.1 = p[Int(o[1])]; v.2 = p[Int(o[2])]; v.3 = p[Int(o[3])]
        v.4 = p[Int(o[4])]; v.5 = p[Int(o[5])]; v.6 = p[Int(o[6])]; v.7 = p[Int(o[7])]
        v.8 = p[Int(o[8])]; v.9 = p[Int(o[9])]; v.10 = p[Int(o[10])]; v.11 = p[Int(o[11])]
        v.12 = p[Int(o[12])]; v.13 = p[Int(o[13])]; v.14 = p[Int(o[14])]; v.15 = p[Int(o[15])]
        let centre = v.5 &- v.6 &- v.9 &+ v.10
        var code: Int32 = 0
        if v.0 &- v.1 &- v.4 &+ v.5 >= centre { code |= 128 }
        if v.1 &- v.2 &- v.5 &+ v.6 >= centre { code |= 64 }
        if v.2 &- v.3 &- v.6 &+ v.7 >= centre { code |= 32 }
        if v.6 &- v.7 &- v.10 &+ v.11 >= centre { code |= 16 }
        if v.10 &- v.11 &- v.14 &+ v.15 >= centre { code |= 8 }
        if v.9 &- v.10 &- v.13 &+ v.14 >= centre { code |= 4 }
        if v.8 &- v.9 &- v.12 &+ v.13 >= centre { code |= 2 }
        if v.4 &- v.5 &- v.8 &+ v.9 >= centre { code |= 1 }
        return (o[16 + Int(code >> 5)] >> (code & 31)) & 1 != 0
    }

    private func lbpStumps(_ p: UnsafePointer<Int32>, _ t: Tables) -> Int {
        var node = t.data
        var leaf = t.leaves
        for si in 0..<t.stageCount {
            var sum: Double = 0
            for _ in 0..<Int(t.sizes[si]) {
                // Stumps: leaf 0 when the node goes left, leaf 1 otherwise.
                sum += Double(lbpGoesLeft(p, node) ? leaf[0] : leaf[1])
                node += 24
                leaf += 2
            }
            if sum < t.thresholds[si] { return -si }
        }
        return 1
    }

    private func lbpTrees(_ p: UnsafePointer<Int32>, _ t: Tables) -> Int {
        var weak = 0
        for si in 0..<t.stageCount {
            var sum: Double = 0
            for _ in 0..<Int(t.sizes[si]) {
                let first = Int(t.weaks[2 * weak]), firstLeaf = Int(t.weaks[2 * weak + 1])
                var idx = 0
                repeat {
                    let n = first + idx
                    idx = Int(lbpGoesLeft(p, t.data + n * 24) ? t.children[2 * n] : t.children[2 * n + 1])
                } while idx > 0
                sum += Double(t.leaves[firstLeaf - idx])
                weak += 1
            }
            if sum < t.thresholds[si] { return -si }
        }
        return 1
    }

    /// Haar feature value before normalisation, in Float as OpenCV's `HaarEvaluator::OptFeature::calc`.
    @inline(__always)
    private func haarValue(_ p: UnsafePointer<Int32>, _ o: UnsafePointer<Int32>, _ w: UnsafePointer<Float>) -> Float {
        var v = w[0] * Float(rectSum(p, o, 0, 1, 2, 3)) + w[1] * Float(rectSum(p, o, 4, 5, 6, 7))
        if w[2] != 0 { v += w[2] * Float(rectSum(p, o, 8, 9, 10, 11)) }
        return v
    }

    private func haar(_ p: UnsafePointer<Int32>, _ q: UnsafePointer<UInt32>, _ t: Tables) -> Int {
        let c = cascade
        let n = c.normOffsets
        let valSum = p[n.0] &- p[n.1] &- p[n.2] &+ p[n.3]
        let valSquares = q[n.0] &- q[n.1] &- q[n.2] &+ q[n.3]
        var nf = c.normArea * Double(valSquares) - Double(valSum) * Double(valSum)
        // Flat windows (grey-level σ ≤ 10) cannot hold a face; OpenCV rejects them before stage 0.
        guard nf > 0 else { return -1 }
        nf = nf.squareRoot()
        let norm = Float(1 / nf)
        guard c.normArea * Double(norm) < 0.1 else { return -1 }
        let floats = t.floats!
        if c.isStumpBased {
            var node = 0
            for si in 0..<t.stageCount {
                var sum: Double = 0
                for _ in 0..<Int(t.sizes[si]) {
                    let w = floats + node * 4
                    let value = haarValue(p, t.data + node * 12, w) * norm
                    sum += Double(value < w[3] ? t.leaves[node * 2] : t.leaves[node * 2 + 1])
                    node += 1
                }
                if sum < t.thresholds[si] { return -si }
            }
            return 1
        }
        var weak = 0
        for si in 0..<t.stageCount {
            var sum: Double = 0
            for _ in 0..<Int(t.sizes[si]) {
                let first = Int(t.weaks[2 * weak]), firstLeaf = Int(t.weaks[2 * weak + 1])
                var idx = 0
                repeat {
                    let node = first + idx
                    let w = floats + node * 4
                    let value = haarValue(p, t.data + node * 12, w) * norm
                    idx = Int(value < w[3] ? t.children[2 * node] : t.children[2 * node + 1])
                } while idx > 0
                sum += Double(t.leaves[firstLeaf - idx])
                weak += 1
            }
            if sum < t.thresholds[si] { return -si }
        }
        return 1
    }
}
