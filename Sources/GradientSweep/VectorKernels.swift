import Foundation
import _SIMDShims

/// Which vector kernels the sweep runs: chosen once per process at run time
/// from the CPU's features, so one binary built on any x86-64 machine runs on
/// every other.
///
/// The AVX2/FMA kernels (`_SIMDShims`: glibc's exp, the sigmoids, the exam
/// network's row kernel) are C functions compiled for that instruction set
/// alone (`__attribute__((target("avx2,fma")))`); everything else, Swift
/// included, is compiled for baseline x86-64. They are called only when
/// ``current`` is ``avx2FMA``: the CPU reports both AVX2 and FMA
/// (`__builtin_cpu_supports`) and the environment variable `GRADCHECK_SIMD`
/// is not `portable`. Otherwise the portable path runs: Swift code of the
/// same arithmetic (``SIMDExp``, bit for bit) and the general evaluator.
package enum VectorKernels: String, Sendable {
    /// AVX2 and FMA intrinsics.
    case avx2FMA = "avx2-fma"
    /// Baseline x86-64 (or any other architecture): no AVX instruction runs.
    case portable

    /// The environment variable that forces the portable path (`GRADCHECK_SIMD=portable`).
    package static let environmentVariable = "GRADCHECK_SIMD"

    /// The kernels this process uses (read once).
    package static let current = select(environment: ProcessInfo.processInfo.environment[environmentVariable],
                                        cpuHasAVX2FMA: cpuHasAVX2FMA)

    /// The choice for a value of `GRADCHECK_SIMD` (nil when unset) on a CPU with or without AVX2 and FMA:
    /// `portable` forces the portable path; anything else leaves the choice to the CPU.
    package static func select(environment: String?, cpuHasAVX2FMA: Bool) -> VectorKernels {
        environment == VectorKernels.portable.rawValue || !cpuHasAVX2FMA ? .portable : .avx2FMA
    }

    /// Whether this CPU has AVX2 and FMA.
    package static var cpuHasAVX2FMA: Bool {
        #if arch(x86_64)
        gc_cpu_has_avx2_fma() != 0
        #else
        false
        #endif
    }
}
