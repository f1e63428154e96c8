import CBLAS

/// OpenBLAS on the calling thread only.
///
/// The sweep's workers call OpenBLAS with small operands, one call per worker at a
/// time, so OpenBLAS's own threads would only compete with them for the cores. Worse,
/// the pthread build of OpenBLAS (Debian's default) starts `cores - 1` threads when the
/// library is loaded, and each spins for about 0.1 s before it sleeps: on two cores, a
/// 0.1 s sweep ran 1.6× longer (wall time, 2026-12-05). ``useOne()`` joins them.
package enum OpenBLASThreads {
    /// Sets OpenBLAS to one thread and joins its thread pool; the first call does it,
    /// later ones nothing (a second `openblas_set_num_threads` would restart the pool).
    /// Thread-safe.
    package static func useOne() { _ = joined }

    private static let joined: Void = gc_openblas_use_one_thread()
}
