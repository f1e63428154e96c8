// OpenBLAS's CBLAS interface, from Debian's libopenblas-dev (found with pkg-config).
#include <cblas.h>
