#include "avx512.h"
#include <immintrin.h>

// MaxPool2d.pool2x2 on 16 lanes: one output row per vector, its windows' four elements gathered from two input rows
// by two-source permutes (even and odd columns). The comparisons are the Swift loops', in the same order.

#define AVX512 __attribute__((target("avx512f")))

static inline __mmask16 first_lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? 0 : (__mmask16)((1u << count) - 1);
}

// Swift's max(x, y) for floats: y >= x ? y : x (x when either is NaN).
AVX512 static inline __m512 swift_max(__m512 x, __m512 y) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, x, _CMP_GE_OQ), x, y);
}

AVX512 void avx512_pool2x2(const float *source, long planes, long inputPlaneSize, long width, long outputHeight,
                           long outputWidth, long outputPlaneSize, float *values, int *winners) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    const __mmask16 row = first_lanes(2 * outputWidth), rest = first_lanes(2 * outputWidth - 16);
    const __mmask16 windows = first_lanes(outputWidth);
    for (long plane = 0; plane < planes; plane++) {
        const float *input = source + plane * inputPlaneSize;
        float *maxima = values + plane * outputPlaneSize;
        for (long oy = 0; oy < outputHeight; oy++) {
            const float *upper = input + 2 * oy * width, *lower = upper + width;
            const __m512 upper0 = _mm512_maskz_loadu_ps(row, upper), upper1 = _mm512_maskz_loadu_ps(rest, upper + 16);
            const __m512 lower0 = _mm512_maskz_loadu_ps(row, lower), lower1 = _mm512_maskz_loadu_ps(rest, lower + 16);
            const __m512 a = _mm512_permutex2var_ps(upper0, even, upper1), b = _mm512_permutex2var_ps(upper0, odd, upper1);
            const __m512 c = _mm512_permutex2var_ps(lower0, even, lower1), d = _mm512_permutex2var_ps(lower0, odd, lower1);
            if (!winners) {
                // max(max(a, b), max(c, d)), as the Swift loop of the maxima alone.
                _mm512_mask_storeu_ps(maxima + oy * outputWidth, windows, swift_max(swift_max(a, b), swift_max(c, d)));
                continue;
            }
            // Each window's winner: a, then b, c, d where strictly greater (ties keep the first); the value follows
            // max(value, x) = x >= value ? x : value.
            const __m512i topLeft = _mm512_add_epi32(_mm512_set1_epi32((int)(2 * oy * width)), even);
            __m512 value = a;
            __m512i index = topLeft;
            index = _mm512_mask_mov_epi32(index, _mm512_cmp_ps_mask(b, value, _CMP_GT_OQ),
                                          _mm512_add_epi32(topLeft, _mm512_set1_epi32(1)));
            value = _mm512_mask_mov_ps(value, _mm512_cmp_ps_mask(b, value, _CMP_GE_OQ), b);
            index = _mm512_mask_mov_epi32(index, _mm512_cmp_ps_mask(c, value, _CMP_GT_OQ),
                                          _mm512_add_epi32(topLeft, _mm512_set1_epi32((int)width)));
            value = _mm512_mask_mov_ps(value, _mm512_cmp_ps_mask(c, value, _CMP_GE_OQ), c);
            index = _mm512_mask_mov_epi32(index, _mm512_cmp_ps_mask(d, value, _CMP_GT_OQ),
                                          _mm512_add_epi32(topLeft, _mm512_set1_epi32((int)width + 1)));
            value = _mm512_mask_mov_ps(value, _mm512_cmp_ps_mask(d, value, _CMP_GE_OQ), d);
            _mm512_mask_storeu_ps(maxima + oy * outputWidth, windows, value);
            _mm512_mask_storeu_epi32(winners + plane * outputPlaneSize + oy * outputWidth, windows, index);
        }
    }
}
