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
        c.offsets.withUnsafeBufferPointer { ofs in
        c.weights.withUnsafeBufferPointer { wts in
        c.stages.withUnsafeBufferPointer { stages in
        c.weaks.withUnsafeBufferPointer { weaks in
        c.nodeFeature.withUnsafeBufferPointer { nf in
        c.nodeThreshold.withUnsafeBufferPointer { nt in
        c.nodeLeft.withUnsafeBufferPointer { nl in
        c.nodeRight.withUnsafeBufferPointer { nr in
        c.leaves.withUnsafeBufferPointer { leaves in
        c.subsets.withUnsafeBufferPointer { subsets in
            let tables = Tables(ofs: ofs.baseAddress!, wts: wts.baseAddress, stages: stages, weaks: weaks.baseAddress!,
                                nodeFeature: nf.baseAddress!, nodeThreshold: nt.baseAddress!, nodeLeft: nl.baseAddress!,
                                nodeRight: nr.baseAddress!, leaves: leaves.baseAddress!, subsets: subsets.baseAddress)
            var y = 0
            while y < yEnd {
                var x = 0
                let rowSum = sum + y * c.stride
                while x < xEnd {
                    let result: Int
                    if c.featureType == .lbp {
                        result = c.isStumpBased ? lbpStumps(rowSum + x, tables) : lbpTrees(rowSum + x, tables)
                    } else {
                        let q = squares! + y * c.stride + x
                        result = haar(rowSum + x, q, tables)
                    }
                    if result > 0 { hit(x, y) }
                    x += result == 0 ? 2 * step : step
                }
                y += step
            }
        } } } } } } } } } }
    }

    private struct Tables {
        let ofs: UnsafePointer<Int>
        let wts: UnsafePointer<Float>?
        let stages: UnsafeBufferPointer<CascadeClassifier.Stage>
        let weaks: UnsafePointer<CascadeClassifier.Weak>
        let nodeFeature: UnsafePointer<Int>
        let nodeThreshold: UnsafePointer<Float>
        let nodeLeft: UnsafePointer<Int>
        let nodeRight: UnsafePointer<Int>
        let leaves: UnsafePointer<Float>
        let subsets: UnsafePointer<Int32>?
    }

    @inline(__always)
    private func rectSum(_ p: UnsafePointer<Int32>, _ o: UnsafePointer<Int>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int32 {
        p[o[a]] &- p[o[b]] &- p[o[c]] &+ p[o[d]]
    }

    /// The 8-bit LBP code of feature `f` (OpenCV's `LBPEvaluator::OptFeature::calc`): a neighbour
    /// block sets its bit when its sum is ≥ the centre's; clockwise from top-left 128, 64, …, 1.
    @inline(__always)
    private func lbpCode(_ p: UnsafePointer<Int32>, _ f: Int, _ t: Tables) -> Int {
        let o = t.ofs + f * 16
        let centre = rectSum(p, o, 5, 6, 9, 10)
        var code = 0
        if rectSum(p, o, 0, 1, 4, 5) >= centre { code |= 128 }
        if rectSum(p, o, 1, 2, 5, 6) >= centre { code |= 64 }
        if rectSum(p, o, 2, 3, 6, 7) >= centre { code |= 32 }
        if rectSum(p, o, 6, 7, 10, 11) >= centre { code |= 16 }
        if rectSum(p, o, 10, 11, 14, 15) >= centre { code |= 8 }
        if rectSum(p, o, 9, 10, 13, 14) >= centre { code |= 4 }
        if rectSum(p, o, 8, 9, 12, 13) >= centre { code |= 2 }
        if rectSum(p, o, 4, 5, 8, 9) >= centre { code |= 1 }
        return code
    }

    @inline(__always)
    private func inSubset(_ t: Tables, node: Int, code: Int) -> Bool {
        (t.subsets![node * 8 + (code >> 5)] >> Int32(code & 31)) & 1 != 0
    }

    private func lbpStumps(_ p: UnsafePointer<Int32>, _ t: Tables) -> Int {
        var node = 0
        for si in 0..<t.stages.count {
            let stage = t.stages[si]
            var sum: Double = 0
            for _ in 0..<stage.weakCount {
                let code = lbpCode(p, t.nodeFeature[node], t)
                let leaf = node * 2  // stumps: two leaves each, in node order
                sum += Double(inSubset(t, node: node, code: code) ? t.leaves[leaf] : t.leaves[leaf + 1])
                node += 1
            }
            if sum < Double(stage.threshold) { return -si }
        }
        return 1
    }

    private func lbpTrees(_ p: UnsafePointer<Int32>, _ t: Tables) -> Int {
        for si in 0..<t.stages.count {
            let stage = t.stages[si]
            var sum: Double = 0
            for wi in stage.firstWeak..<(stage.firstWeak + stage.weakCount) {
                let weak = t.weaks[wi]
                var idx = 0
                repeat {
                    let node = weak.firstNode + idx
                    let code = lbpCode(p, t.nodeFeature[node], t)
                    idx = inSubset(t, node: node, code: code) ? t.nodeLeft[node] : t.nodeRight[node]
                } while idx > 0
                sum += Double(t.leaves[weak.firstLeaf - idx])
            }
            if sum < Double(stage.threshold) { return -si }
        }
        return 1
    }

    /// Haar feature value before normalisation, in Float as OpenCV's `HaarEvaluator::OptFeature::calc`.
    @inline(__always)
    private func haarValue(_ p: UnsafePointer<Int32>, _ f: Int, _ t: Tables) -> Float {
        let o = t.ofs + f * 12, w = t.wts! + f * 3
        var v = w[0] * Float(rectSum(p, o, 0, 1, 2, 3)) + w[1] * Float(rectSum(p, o + 4, 0, 1, 2, 3))
        if w[2] != 0 { v += w[2] * Float(rectSum(p, o + 8, 0, 1, 2, 3)) }
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
        if c.isStumpBased {
            var node = 0
            for si in 0..<t.stages.count {
                let stage = t.stages[si]
                var sum: Double = 0
                for _ in 0..<stage.weakCount {
                    let value = haarValue(p, t.nodeFeature[node], t) * norm
                    sum += Double(value < t.nodeThreshold[node] ? t.leaves[node * 2] : t.leaves[node * 2 + 1])
                    node += 1
                }
                if sum < Double(stage.threshold) { return -si }
            }
            return 1
        }
        for si in 0..<t.stages.count {
            let stage = t.stages[si]
            var sum: Double = 0
            for wi in stage.firstWeak..<(stage.firstWeak + stage.weakCount) {
                let weak = t.weaks[wi]
                var idx = 0
                repeat {
                    let node = weak.firstNode + idx
                    let value = haarValue(p, t.nodeFeature[node], t) * norm
                    idx = value < t.nodeThreshold[node] ? t.nodeLeft[node] : t.nodeRight[node]
                } while idx > 0
                sum += Double(t.leaves[weak.firstLeaf - idx])
            }
            if sum < Double(stage.threshold) { return -si }
        }
        return 1
    }
}
