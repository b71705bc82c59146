#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>

// avx512_pool2x2 on 8 lanes, for CPUs without AVX-512: 8 windows of a row per vector. The comparisons are the Swift
// loops', in the same order, so the same bits. (The backward step through the pooling and the ReLU stays in Swift on
// such CPUs: on 8 lanes it took as long, 134-150 µs a batch-20 step for conv1's block, alone on a Zen 3.)
//
// AVX2's masked stores are slow on AMD's cores (with one per vector, conv1's block took 190 µs a batch-20 step on a
// Zen 3, against 144 on the Swift loops and 122 as here), so stores are whole vectors: a row of 8 windows or more
// ends with the vector of its last 8 windows, which overlaps the one before (those windows are computed again, the
// same); a shorter row's vector runs on into the rows after it, which are written later. Only vectors within 8
// floats of the end of the call's planes are masked.

#define AVX2 __attribute__((target("avx2")))
#define INLINE static inline __attribute__((always_inline, target("avx2")))

// Swift's max(x, y) for floats: y >= x ? y : x (x when either is NaN).
INLINE __m256 swift_max(__m256 x, __m256 y) { return _mm256_blendv_ps(x, y, _mm256_cmp_ps(y, x, _CMP_GE_OQ)); }

// The even and the odd elements of 16 consecutive floats (two vectors), each in order.
INLINE void deinterleave(__m256 first, __m256 second, __m256 *even, __m256 *odd) {
    // Within each 128-bit half: first's 0 2 | second's 0 2 …; then the 64-bit pairs put back in order.
    *even = _mm256_castpd_ps(_mm256_permute4x64_pd(
        _mm256_castps_pd(_mm256_shuffle_ps(first, second, _MM_SHUFFLE(2, 0, 2, 0))), _MM_SHUFFLE(3, 1, 2, 0)));
    *odd = _mm256_castpd_ps(_mm256_permute4x64_pd(
        _mm256_castps_pd(_mm256_shuffle_ps(first, second, _MM_SHUFFLE(3, 1, 3, 1))), _MM_SHUFFLE(3, 1, 2, 0)));
}

// 2·count floats from `source` (count ≤ 8) as two vectors, the lanes past them 0.
INLINE void load_pairs(const float *source, long count, __m256 *first, __m256 *second) {
    if (count == 8) {
        *first = _mm256_loadu_ps(source);
        *second = _mm256_loadu_ps(source + 8);
        return;
    }
    *first = _mm256_maskload_ps(source, first_lanes8(2 * count));
    *second = _mm256_maskload_ps(source + 8, first_lanes8(2 * count - 8));
}

// The first `count` lanes of `v` at `target`, where `room` floats may be written: the whole vector if they are 8 or
// more.
INLINE void store(float *target, __m256 v, long count, long room) {
    if (room < 8) _mm256_maskstore_ps(target, first_lanes8(count), v);
    else _mm256_storeu_ps(target, v);
}

// Where a row's vector of windows starts: every 8 windows, the last vector on the row's last 8.
INLINE long row_vector_start(long ox, long outputWidth) {
    return ox + 8 > outputWidth && outputWidth >= 8 ? outputWidth - 8 : ox;
}

AVX2 void avx2_pool2x2(const float *source, long planes, long inputPlaneSize, long width, long outputHeight,
                       long outputWidth, float *values, int *winners) {
    const __m256i evenColumns = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    const long outputPlaneSize = outputHeight * outputWidth, count = outputWidth < 8 ? outputWidth : 8;
    const long end = planes * outputPlaneSize;
    for (long plane = 0; plane < planes; plane++) {
        const float *input = source + plane * inputPlaneSize;
        for (long oy = 0; oy < outputHeight; oy++) {
            const float *upper = input + 2 * oy * width, *lower = upper + width;
            for (long step = 0; step < outputWidth; step += 8) {
                const long ox = row_vector_start(step, outputWidth);
                const long o = plane * outputPlaneSize + oy * outputWidth + ox;
                __m256 upper0, upper1, lower0, lower1, a, b, c, d;
                load_pairs(upper + 2 * ox, count, &upper0, &upper1);
                load_pairs(lower + 2 * ox, count, &lower0, &lower1);
                deinterleave(upper0, upper1, &a, &b);
                deinterleave(lower0, lower1, &c, &d);
                if (!winners) {
                    // max(max(a, b), max(c, d)), as the Swift loop of the maxima alone.
                    store(values + o, swift_max(swift_max(a, b), swift_max(c, d)), count, end - o);
                    continue;
                }
                // Each window's winner: a, then b, c, d where strictly greater (ties keep the first); the value
                // follows max(value, x) = x >= value ? x : value.
                const __m256i topLeft = _mm256_add_epi32(_mm256_set1_epi32((int)(2 * oy * width + 2 * ox)), evenColumns);
                __m256 value = a;
                __m256i index = topLeft;
                const __m256 candidates[3] = {b, c, d};
                const int offsets[3] = {1, (int)width, (int)width + 1};
                for (int i = 0; i < 3; i++) {
                    const __m256 x = candidates[i];
                    const __m256i greater = _mm256_castps_si256(_mm256_cmp_ps(x, value, _CMP_GT_OQ));
                    index = _mm256_blendv_epi8(index, _mm256_add_epi32(topLeft, _mm256_set1_epi32(offsets[i])), greater);
                    value = _mm256_blendv_ps(value, x, _mm256_cmp_ps(x, value, _CMP_GE_OQ));
                }
                store(values + o, value, count, end - o);
                store((float *)(winners + o), _mm256_castsi256_ps(index), count, end - o);
            }
        }
    }
}
