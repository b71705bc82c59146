#include "avx512.h"

// MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6) flags; x86 only, elsewhere a no-op.
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

enum { FLUSH_SUBNORMALS = 0x8040 };

unsigned subnormals_flush_begin(void) {
    const unsigned previous = _mm_getcsr();
    // Writing the register costs more than reading it: only when the flags change.
    if ((previous & FLUSH_SUBNORMALS) != FLUSH_SUBNORMALS) _mm_setcsr(previous | FLUSH_SUBNORMALS);
    return previous;
}

void subnormals_flush_end(unsigned previous) {
    if (_mm_getcsr() != previous) _mm_setcsr(previous);
}
#else
unsigned subnormals_flush_begin(void) { return 0; }
void subnormals_flush_end(unsigned previous) { (void)previous; }
#endif
