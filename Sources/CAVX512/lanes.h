// Shared by the CAVX512 kernels (not part of the module's interface).
#ifndef FMNIST_LANES_H
#define FMNIST_LANES_H
#include <immintrin.h>

/// The mask of a vector's first `count` lanes: all 16 from 16 on, none at 0 or below.
static inline __mmask16 first_lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

/// The mask of an 8-lane vector's first `count` lanes (all 8 from 8 on, none at 0 or below), for AVX2's maskload
/// and maskstore.
static inline __attribute__((always_inline, target("avx2"))) __m256i first_lanes8(long count) {
    const long clamped = count < 0 ? 0 : count > 8 ? 8 : count;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)clamped), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Eight rows of 8 floats, `r`, transposed into rows `outStride` floats apart: out[j·outStride + i] = r[i][j].
/// Eight-lane shuffles (AVX), for both kernels' packing.
static inline __attribute__((always_inline, target("avx2"))) void transpose_8x8_registers(const __m256 r[8], float *out,
                                                                                       long outStride) {
    __m256 t[8], s[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        s[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        s[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        s[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        s[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int j = 0; j < 4; j++) {
        _mm256_storeu_ps(out + j * outStride, _mm256_permute2f128_ps(s[j], s[j + 4], 0x20));
        _mm256_storeu_ps(out + (j + 4) * outStride, _mm256_permute2f128_ps(s[j], s[j + 4], 0x31));
    }
}

/// The 8 × 8 block of rows `source`, `source` + ld, … transposed into rows `outStride` floats apart:
/// out[j·outStride + r] = source[r·ld + j].
static inline __attribute__((always_inline, target("avx2"))) void transpose_8x8(const float *source, long ld, float *out,
                                                                             long outStride) {
    __m256 r[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(source + i * ld);
    transpose_8x8_registers(r, out, outStride);
}

/// The same for the 8 × 8 block of `rows[0 … 7]` + offset: out[j·outStride + r] = rows[r][offset + j].
static inline __attribute__((always_inline, target("avx2"))) void transpose_8x8_rows(const float *const rows[8],
                                                                                  long offset, float *out,
                                                                                  long outStride) {
    __m256 r[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(rows[i] + offset);
    transpose_8x8_registers(r, out, outStride);
}

static inline long min_long(long x, long y) { return x < y ? x : y; }

/// C = beta·C, the whole of a product with k = 0 (with beta 0, C is not read).
static inline void scale_only(long m, long n, float beta, float *c, long ldc) {
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
}

#endif
