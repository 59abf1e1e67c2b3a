import Foundation

/// A boosted cascade of weak classifiers read from one of OpenCV's cascade XML files.
///
/// Supports the "new" cascade format (`opencv_storage/cascade`, `stageType` BOOST) with HAAR or LBP
/// features and stump or small-tree weak classifiers — every frontal-face cascade Debian's
/// `opencv-data` ships. Numbers are stored in the precision OpenCV keeps them (thresholds and leaf
/// values as `Float`, stage thresholds lowered by 1e-5 as `CascadeClassifierImpl::Data::read` does),
/// which is what makes the detector's raw candidates equal OpenCV's.
/// ```swift
/// let cascade = try CascadeClassifier(contentsOf: CascadeClassifier.defaultPath)
/// ```
public final class CascadeClassifier: Sendable {
    /// The kind of feature the cascade was trained on.
    public enum FeatureType: String, Sendable { case haar = "HAAR", lbp = "LBP" }

    /// OpenCV's improved LBP frontal-face cascade (fast, fewer false positives than the Haar ones).
    public static let defaultPath = "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml"
    /// OpenCV's Haar frontal-face cascade "alt2", the other supported choice.
    public static let haarAlt2Path = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml"

    public let featureType: FeatureType
    /// Size of the training window in pixels; the smallest face the cascade can find.
    public let windowWidth: Int
    public let windowHeight: Int

    struct Stage: Sendable { var firstWeak: Int; var weakCount: Int; var threshold: Float }
    /// One weak tree: nodes `firstNode..<firstNode+nodeCount`, leaves `firstLeaf...firstLeaf+nodeCount`.
    struct Weak: Sendable { var firstNode: Int; var nodeCount: Int; var firstLeaf: Int }
    /// Internal node. `left`/`right` > 0: next node (relative to the tree's first), ≤ 0: leaf `-child`.
    struct Node: Sendable { var feature: Int; var threshold: Float; var left: Int; var right: Int }
    /// A Haar feature: up to three weighted rectangles `(x, y, w, h)` in window coordinates.
    struct HaarFeature: Sendable { var rects: [(x: Int, y: Int, w: Int, h: Int, weight: Float)] }
    /// An LBP feature: the top-left block `(x, y)` and the block size of its 3×3 grid.
    struct LBPFeature: Sendable { var x: Int; var y: Int; var w: Int; var h: Int }

    let stages: [Stage]
    let weaks: [Weak]
    let nodes: [Node]
    let leaves: [Float]
    /// LBP only: 8 words (256 category bits) per node.
    let subsets: [Int32]
    let haarFeatures: [HaarFeature]
    let lbpFeatures: [LBPFeature]
    /// Every weak classifier has exactly one node (OpenCV's "stump" fast path).
    let isStumpBased: Bool

    /// Reads a cascade file. Throws ``CascadeError`` when the file is missing, not XML, or not a
    /// supported cascade (old-format Haar files, HOG cascades, tilted Haar features).
    public convenience init(contentsOf path: String) throws(CascadeError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        try self.init(xml: [UInt8](data), path: path)
    }

    /// Reads a cascade from XML bytes; `path` is only used in error messages.
    public init(xml: [UInt8], path: String = "<memory>") throws(CascadeError) {
        let root: XMLElementNode
        do { root = try XMLElementNode.parse(xml) } catch {
            throw .malformedXML(path: path, line: error.line, reason: error.reason)
        }
        func invalid(_ reason: String) -> CascadeError { .invalidCascade(path: path, reason: reason) }
        guard root.name == "opencv_storage", let cascade = root.child("cascade") ?? root.children.first else {
            throw invalid("no <opencv_storage><cascade> element")
        }
        guard let stageType = cascade.child("stageType")?.tokens.first else {
            throw invalid("no <stageType>: old-format (pre-2.4) cascades are not supported")
        }
        guard stageType == "BOOST" else { throw invalid("stageType \(stageType) is not BOOST") }
        guard let typeName = cascade.child("featureType")?.tokens.first.map(String.init),
              let type = FeatureType(rawValue: typeName) else {
            throw invalid("featureType must be HAAR or LBP")
        }
        guard let w = cascade.child("width")?.tokens.first.flatMap({ Int($0) }),
              let h = cascade.child("height")?.tokens.first.flatMap({ Int($0) }),
              Self.windowSides.contains(w), Self.windowSides.contains(h) else {
            throw invalid("missing or bad window <width>/<height>")
        }
        let categories = cascade.child("featureParams")?.child("maxCatCount")?.tokens.first.flatMap { Int($0) } ?? 0
        guard Self.categoryCounts.contains(categories) else { throw invalid("maxCatCount \(categories) is outside \(Self.categoryCounts)") }
        guard (type == .lbp) == (categories > 0) else { throw invalid("maxCatCount \(categories) does not fit featureType \(typeName)") }
        let subsetWords = (categories + 31) / 32
        let nodeStep = 3 + (categories > 0 ? subsetWords : 1)

        guard let stageNodes = cascade.child("stages")?.children, !stageNodes.isEmpty else { throw invalid("no <stages>") }
        var stages: [Stage] = [], weaks: [Weak] = [], nodes: [Node] = [], leaves: [Float] = [], subsets: [Int32] = []
        var maxNodes = 0
        for (si, stageNode) in stageNodes.enumerated() {
            guard let t = stageNode.child("stageThreshold")?.tokens.first.flatMap({ Double($0) }) else {
                throw invalid("stage \(si) has no stageThreshold")
            }
            guard let weakNodes = stageNode.child("weakClassifiers")?.children, !weakNodes.isEmpty else {
                throw invalid("stage \(si) has no weakClassifiers")
            }
            // OpenCV: (float)threshold - 1e-5f, so a stage passes when sum >= threshold - 1e-5.
            stages.append(Stage(firstWeak: weaks.count, weakCount: weakNodes.count, threshold: Float(t) - Float(1e-5)))
            for weakNode in weakNodes {
                guard let internals = weakNode.child("internalNodes")?.tokens.map({ Double($0) }),
                      let leafValues = weakNode.child("leafValues")?.tokens.map({ Double($0) }),
                      !internals.isEmpty, internals.allSatisfy({ $0 != nil }), leafValues.allSatisfy({ $0 != nil }),
                      internals.count % nodeStep == 0 else {
                    throw invalid("stage \(si): bad internalNodes/leafValues")
                }
                let count = internals.count / nodeStep
                guard leafValues.count == count + 1 else { throw invalid("stage \(si): \(count) nodes need \(count + 1) leaves") }
                weaks.append(Weak(firstNode: nodes.count, nodeCount: count, firstLeaf: leaves.count))
                maxNodes = max(maxNodes, count)
                for k in 0..<count {
                    let v = internals[(k * nodeStep)..<((k + 1) * nodeStep)].map { $0! }
                    // Indices arrive as decimal text parsed to Double: NaN, ±inf, fractions or
                    // values past Int's range are a bad file, never a trapping Int(_:).
                    guard let left = Int(exactly: v[0]), let right = Int(exactly: v[1]), let feature = Int(exactly: v[2]) else {
                        throw invalid("stage \(si): node indices must be integers")
                    }
                    guard left <= count - 1, right <= count - 1, left >= -count, right >= -count else {
                        throw invalid("stage \(si): node child index out of range")
                    }
                    if categories > 0 {
                        for j in 0..<subsetWords {
                            // A subset word is a 32-bit mask, written signed by OpenCV (either
                            // spelling of the same bits is accepted).
                            guard let word = Int64(exactly: v[3 + j]), (Int64(Int32.min)...Int64(UInt32.max)).contains(word) else {
                                throw invalid("stage \(si): subset word \(v[3 + j]) is not a 32-bit integer")
                            }
                            subsets.append(Int32(truncatingIfNeeded: word))
                        }
                        nodes.append(Node(feature: feature, threshold: 0, left: left, right: right))
                    } else {
                        nodes.append(Node(feature: feature, threshold: Float(v[3]), left: left, right: right))
                    }
                }
                leaves.append(contentsOf: leafValues.map { Float($0!) })
            }
        }

        guard let featureNodes = cascade.child("features")?.children, !featureNodes.isEmpty else { throw invalid("no <features>") }
        var haar: [HaarFeature] = [], lbp: [LBPFeature] = []
        for (fi, f) in featureNodes.enumerated() {
            if type == .haar {
                if let tilted = f.child("tilted")?.tokens.first, tilted != "0" {
                    throw invalid("feature \(fi) is tilted; tilted Haar features are not supported")
                }
                guard let rectNodes = f.child("rects")?.children, (1...3).contains(rectNodes.count) else {
                    throw invalid("HAAR feature \(fi) needs 1–3 <rects>")
                }
                var rects: [(x: Int, y: Int, w: Int, h: Int, weight: Float)] = []
                for r in rectNodes {
                    let t = r.tokens
                    guard t.count == 5, let x = Int(t[0]), let y = Int(t[1]), let rw = Int(t[2]), let rh = Int(t[3]),
                          let weight = Double(t[4]), x >= 0, y >= 0, rw >= 0, rh >= 0, x <= w, y <= h, rw <= w - x, rh <= h - y else {
                        throw invalid("HAAR feature \(fi) has a bad rect \"\(r.text)\"")
                    }
                    rects.append((x, y, rw, rh, Float(weight)))
                }
                haar.append(HaarFeature(rects: rects))
            } else {
                let t = f.child("rect")?.tokens ?? []
                guard t.count == 4, let x = Int(t[0]), let y = Int(t[1]), let bw = Int(t[2]), let bh = Int(t[3]),
                      x >= 0, y >= 0, bw > 0, bh > 0, x <= w, y <= h, bw <= (w - x) / 3, bh <= (h - y) / 3 else {
                    throw invalid("LBP feature \(fi) has a bad rect")
                }
                lbp.append(LBPFeature(x: x, y: y, w: bw, h: bh))
            }
        }
        let featureCount = type == .haar ? haar.count : lbp.count
        if let bad = nodes.first(where: { $0.feature < 0 || $0.feature >= featureCount }) {
            throw invalid("a node uses feature \(bad.feature) but only \(featureCount) are defined")
        }

        self.featureType = type
        self.windowWidth = w
        self.windowHeight = h
        self.stages = stages
        self.weaks = weaks
        self.nodes = nodes
        self.leaves = leaves
        self.subsets = subsets
        self.haarFeatures = haar
        self.lbpFeatures = lbp
        self.isStumpBased = maxNodes == 1
    }

    /// Window sides a cascade may declare. OpenCV's shipped cascades use 20–45 px; the bound
    /// keeps products of sides (areas, image offsets) far from overflow for any file.
    static let windowSides = 3...1024
    /// `maxCatCount` values: 0 for Haar, up to 256 (8-bit LBP codes) for LBP.
    static let categoryCounts = 0...256

    /// Number of boosting stages.
    public var stageCount: Int { stages.count }
}
