internal import CVAPrepBase64

/// The instruction-set kernel behind every ``Base64`` call.
///
/// The library picks the fastest kernel your CPU runs the first time it encodes (AVX-512 VBMI,
/// then AVX2, then SSSE3 on x86-64; NEON on arm64; the table-driven scalar kernel anywhere). You never need to
/// touch this in production. Tests and benchmarks force a kernel to check or measure each one:
///
/// ```swift
/// for kernel in Base64Kernel.supported {
///     try Base64Kernel.force(kernel)
///     // … encode and compare …
/// }
/// try Base64Kernel.force(.auto)
/// ```
///
/// The choice is process-wide: force it before encoding, not while other tasks encode.
public enum Base64Kernel: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The fastest kernel this CPU runs (the default).
    case auto
    /// Portable C, 6 input bytes per step through a 12-bit lookup table.
    case scalar
    /// x86-64 SSSE3, 12 input bytes per step.
    case ssse3
    /// x86-64 AVX2, 24 input bytes per step.
    case avx2
    /// x86-64 AVX-512 VBMI + VBMI2 (Ice Lake, Zen 4 and later), 48 input bytes per step.
    case avx512
    /// arm64 NEON, 48 input bytes per step.
    case neon

    var cValue: Int32 {
        switch self {
        case .auto: Int32(VAPREP_B64_KERNEL_AUTO)
        case .scalar: Int32(VAPREP_B64_KERNEL_SCALAR)
        case .ssse3: Int32(VAPREP_B64_KERNEL_SSSE3)
        case .avx2: Int32(VAPREP_B64_KERNEL_AVX2)
        case .avx512: Int32(VAPREP_B64_KERNEL_AVX512)
        case .neon: Int32(VAPREP_B64_KERNEL_NEON64)
        }
    }

    /// The concrete kernel encoding uses right now (never ``auto``).
    public static var active: Base64Kernel {
        switch Int(vaprep_b64_active_kernel()) {
        case Int(VAPREP_B64_KERNEL_SSSE3): .ssse3
        case Int(VAPREP_B64_KERNEL_AVX2): .avx2
        case Int(VAPREP_B64_KERNEL_AVX512): .avx512
        case Int(VAPREP_B64_KERNEL_NEON64): .neon
        default: .scalar
        }
    }

    /// Whether this CPU and build can run the kernel.
    public var isSupported: Bool { vaprep_b64_kernel_supported(cValue) != 0 }

    /// The concrete kernels (not ``auto``) this machine runs, slowest first.
    public static var supported: [Base64Kernel] {
        [.scalar, .ssse3, .avx2, .avx512, .neon].filter(\.isSupported)
    }

    /// Makes every following encode use `kernel`; ``auto`` restores the default choice.
    /// - Throws: ``Base64KernelError/unsupported(_:)`` when this CPU cannot run it; the active
    ///   kernel then stays as it was.
    public static func force(_ kernel: Base64Kernel) throws(Base64KernelError) {
        guard vaprep_b64_set_kernel(kernel.cValue) == 0 else { throw .unsupported(kernel) }
    }

    public var description: String { rawValue }
}

/// Why a kernel could not be forced.
public enum Base64KernelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// This CPU or build cannot run the kernel.
    case unsupported(Base64Kernel)

    public var description: String {
        switch self {
        case .unsupported(let kernel):
            "The \(kernel) base64 kernel cannot run on this CPU/build; choose one of \(Base64Kernel.supported.map(\.rawValue)) or .auto."
        }
    }
}
