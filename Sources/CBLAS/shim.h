// OpenBLAS's CBLAS interface, from Debian's libopenblas-dev (found with pkg-config).
#include <cblas.h>

// OpenBLAS's pthread build starts a pool of (cores - 1) threads when the library is
// loaded, before `main`, and each spins on sched_yield for about 2^28 cycles (0.1 s)
// before it sleeps: on a sweep of 0.1 s that is a core taken from the workers.
// `blas_thread_shutdown_` (exported by libopenblas since GotoBLAS; OpenBLAS's own fork
// handler calls it) joins the pool. With one BLAS thread set first, no later call starts
// it again, unless `openblas_set_num_threads` is called after this. Weak: a node whose
// libopenblas.so.0 is another build (Debian's serial or OpenMP variant, by alternatives)
// still loads the binary; without the symbol there is no pool to join.
extern int blas_thread_shutdown_(void) __attribute__((weak));

/// Sets OpenBLAS to one thread and joins its thread pool. Call once, before any other
/// OpenBLAS call but the CBLAS routines.
static inline void gc_openblas_use_one_thread(void) {
    openblas_set_num_threads(1);
    if (blas_thread_shutdown_) blas_thread_shutdown_();
}
