// Shared by the CAVX512 kernels (not part of the module's interface).
#ifndef FMNIST_LANES_H
#define FMNIST_LANES_H
#include <immintrin.h>

/// The mask of a vector's first `count` lanes: all 16 from 16 on, none at 0 or below.
static inline __mmask16 first_lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

static inline long min_long(long x, long y) { return x < y ? x : y; }

/// C = beta·C, the whole of a product with k = 0 (with beta 0, C is not read).
static inline void scale_only(long m, long n, float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
}

#endif
