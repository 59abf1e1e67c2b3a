import CVAPrepFaceNet

/// The instruction-set kernels the CNN runs on. Chosen automatically from the CPU; tests and
/// benchmarks force one to compare them (process-wide: set it before detecting, not meanwhile).
public enum FaceNetKernel: Int32, Sendable, CaseIterable {
    case scalar = 1
    case avx2 = 2

    /// The kernel inference uses now.
    public static var active: FaceNetKernel { FaceNetKernel(rawValue: vaprep_fn_active_kernel()) ?? .scalar }

    /// Whether this CPU and build can run this kernel.
    public var isSupported: Bool { vaprep_fn_kernel_supported(rawValue) == 1 }

    /// Forces `kernel` (nil: the fastest supported). Returns false when it is not supported here.
    @discardableResult
    public static func use(_ kernel: FaceNetKernel?) -> Bool {
        vaprep_fn_set_kernel(kernel?.rawValue ?? 0) == 0
    }
}
