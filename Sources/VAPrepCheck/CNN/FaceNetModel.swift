import CVAPrepFaceNet

/// Owns the C network (fp32 weights and workspace plan) and runs it: the only Swift type that
/// touches CVAPrepFaceNet's pointers.
///
/// Immutable after init, so one instance serves every thread; each run brings its own workspace.
final class FaceNetModel: @unchecked Sendable {
    private let model: OpaquePointer
    /// Side of the square input tensor.
    let inputSize: Int
    /// Anchors the network scores (one logit and 16 regression values each).
    let anchorCount: Int
    private let workspaceCount: Int

    /// BlazeFace short-range, from the weights compiled into CVAPrepFaceNet.
    init() {
        // Allocation of ~0.5 MB at start-up: failing it means the process is out of memory anyway.
        guard let model = vaprep_fn_model_create_blazeface_short_range() else {
            fatalError("CVAPrepFaceNet: out of memory loading BlazeFace")
        }
        self.model = model
        inputSize = Int(vaprep_fn_model_input_size(model))
        anchorCount = Int(vaprep_fn_model_anchor_count(model))
        workspaceCount = vaprep_fn_model_workspace_count(model)
    }

    deinit { vaprep_fn_model_free(model) }

    /// The input tensor for `pixels` (1 or 3 channels per pixel, rows of `rowBytes`), made from
    /// `region` (source pixels, may reach outside the picture: zero there) as mediapipe makes it.
    func inputTensor(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int, rowBytes: Int,
                     region: (x: Double, y: Double, width: Double, height: Double)) -> [Float] {
        precondition(channels == 1 || channels == 3, "channels must be 1 or 3")
        precondition(width > 0 && height > 0 && rowBytes >= width * channels && pixels.count >= rowBytes * (height - 1) + width * channels,
                     "pixel buffer too small for \(width)x\(height)x\(channels)")
        let side = inputSize
        return [Float](unsafeUninitializedCapacity: side * side * 3) { buffer, count in
            vaprep_fn_letterbox(pixels.baseAddress, Int32(width), Int32(height), Int32(channels), rowBytes,
                                region.x, region.y, region.width, region.height, Int32(side), buffer.baseAddress)
            count = side * side * 3
        }
    }

    /// Raw logits (one per anchor) and regressions (16 per anchor) for an input tensor.
    func run(_ input: [Float]) -> (scores: [Float], boxes: [Float]) {
        precondition(input.count == inputSize * inputSize * 3, "input tensor has \(input.count) values")
        var scores = [Float](repeating: 0, count: anchorCount)
        var boxes = [Float](repeating: 0, count: anchorCount * 16)
        var workspace = [Float](repeating: 0, count: workspaceCount)
        input.withUnsafeBufferPointer { i in
            workspace.withUnsafeMutableBufferPointer { w in
                scores.withUnsafeMutableBufferPointer { s in
                    boxes.withUnsafeMutableBufferPointer { b in
                        vaprep_fn_model_run(model, i.baseAddress, w.baseAddress, s.baseAddress, b.baseAddress)
                    }
                }
            }
        }
        return (scores, boxes)
    }
}
