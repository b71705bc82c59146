// Shared by the CAVX512 kernels (not part of the module's interface).
#ifndef FMNIST_LANES_H
#define FMNIST_LANES_H
#include <immintrin.h>

/// The mask of a vector's first `count` lanes: all 16 from 16 on, none at 0 or below.
static inline __mmask16 first_lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

#endif
