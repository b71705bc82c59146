#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>

// MaxPool2d.pool2x2 on 16 lanes: one output row per vector, its windows' four elements gathered from two input rows
// by two-source permutes (even and odd columns). The comparisons are the Swift loops', in the same order.

#define AVX512 __attribute__((target("avx512f")))

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

// The backward step of ReLU after 2×2 pooling (ConvolutionBlock.backward) on 16 lanes: each window's gradient
// through the ReLU's mask, 0 + (y > 0 ? dy : 0) as the scalar path's zeroed plane plus one addition gives it,
// written at its winner and 0 at the window's three other elements, both rows of windows interleaved back from
// even and odd columns. Every element of the plane is written once: no zeroing pass, no scatter.
AVX512 void avx512_unpool2x2_relu(const float *outputGradient, const float *output, const int *winners, long planes,
                                  long outputHeight, long outputWidth, float *gradient) {
    const long width = 2 * outputWidth, outputPlaneSize = outputHeight * outputWidth;
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i lowHalves = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i highHalves = _mm512_add_epi32(lowHalves, _mm512_set1_epi32(8));
    const __mmask16 windows = first_lanes(outputWidth), row = first_lanes(width), rest = first_lanes(width - 16);
    const __m512 zero = _mm512_setzero_ps();
    for (long plane = 0; plane < planes; plane++) {
        const long first = plane * outputPlaneSize;
        float *target = gradient + plane * 4 * outputPlaneSize;
        for (long oy = 0; oy < outputHeight; oy++) {
            const long o = first + oy * outputWidth;
            const __m512 dy = _mm512_maskz_loadu_ps(windows, outputGradient + o);
            const __m512 y = _mm512_maskz_loadu_ps(windows, output + o);
            const __m512 passed = _mm512_add_ps(zero, _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(y, zero, _CMP_GT_OQ), dy));
            const __m512i winner = _mm512_maskz_loadu_epi32(windows, winners + o);
            const __m512i topLeft = _mm512_add_epi32(_mm512_set1_epi32((int)(2 * oy * width)), _mm512_add_epi32(lane, lane));
            const __m512 a = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(winner, topLeft), passed);
            const __m512 b = _mm512_maskz_mov_ps(
                _mm512_cmpeq_epi32_mask(winner, _mm512_add_epi32(topLeft, _mm512_set1_epi32(1))), passed);
            const __m512 c = _mm512_maskz_mov_ps(
                _mm512_cmpeq_epi32_mask(winner, _mm512_add_epi32(topLeft, _mm512_set1_epi32((int)width))), passed);
            const __m512 d = _mm512_maskz_mov_ps(
                _mm512_cmpeq_epi32_mask(winner, _mm512_add_epi32(topLeft, _mm512_set1_epi32((int)width + 1))), passed);
            float *upper = target + 2 * oy * width, *lower = upper + width;
            _mm512_mask_storeu_ps(upper, row, _mm512_permutex2var_ps(a, lowHalves, b));
            _mm512_mask_storeu_ps(upper + 16, rest, _mm512_permutex2var_ps(a, highHalves, b));
            _mm512_mask_storeu_ps(lower, row, _mm512_permutex2var_ps(c, lowHalves, d));
            _mm512_mask_storeu_ps(lower + 16, rest, _mm512_permutex2var_ps(c, highHalves, d));
        }
    }
}
