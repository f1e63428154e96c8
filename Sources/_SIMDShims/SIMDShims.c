// The shims are all `static inline` in include/SIMDShims.h; this file only
// gives the target a source file, as SwiftPM requires.
#include "SIMDShims.h"
