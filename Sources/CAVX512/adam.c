#include "avx512.h"
#include <immintrin.h>

// Elements ahead to prefetch the values and moments, which come from L3 (the CNN's are 3.8 MB each): 2 KB. In a
// one-step loop over 470 K elements on each core at once, 0.18 → 0.155 ns an element on the Zen 5. The gradients
// need none: the layer's GEMM has just written them.
enum { prefetchAhead = 512 };

// The same operations in the same order as Adam.update's 8-lane Swift loop, which is the reference: IEEE
// multiplies, adds, square roots and divisions are correctly rounded, so both give the same bits. Separate
// multiplies and adds (no fused multiply-add) for that reason.
__attribute__((target("avx512f"), noinline))
void avx512_adam_update(float *values, const float *gradients, float *firstMoments, float *secondMoments,
                        long count, float beta1, float beta2, float scaledStep, float scaledEpsilon,
                        float keep) {
    const __m512 b1 = _mm512_set1_ps(beta1), b2 = _mm512_set1_ps(beta2);
    const __m512 oneMinusB1 = _mm512_set1_ps(1 - beta1), oneMinusB2 = _mm512_set1_ps(1 - beta2);
    const __m512 step = _mm512_set1_ps(scaledStep), epsilon = _mm512_set1_ps(scaledEpsilon);
    const __m512 keepFactor = _mm512_set1_ps(keep);
    for (long i = 0; i < count; i += 16) {
        _mm_prefetch((const char *)(values + i + prefetchAhead), _MM_HINT_T0);
        _mm_prefetch((const char *)(firstMoments + i + prefetchAhead), _MM_HINT_T0);
        _mm_prefetch((const char *)(secondMoments + i + prefetchAhead), _MM_HINT_T0);
        const __m512 grad = _mm512_loadu_ps(gradients + i);
        __m512 param = _mm512_loadu_ps(values + i);
        if (keep != 1) param = _mm512_mul_ps(param, keepFactor);
        const __m512 first = _mm512_add_ps(_mm512_mul_ps(b1, _mm512_loadu_ps(firstMoments + i)),
                                           _mm512_mul_ps(oneMinusB1, grad));
        const __m512 second = _mm512_add_ps(_mm512_mul_ps(b2, _mm512_loadu_ps(secondMoments + i)),
                                            _mm512_mul_ps(_mm512_mul_ps(oneMinusB2, grad), grad));
        const __m512 change = _mm512_div_ps(_mm512_mul_ps(step, first),
                                            _mm512_add_ps(_mm512_sqrt_ps(second), epsilon));
        _mm512_storeu_ps(firstMoments + i, first);
        _mm512_storeu_ps(secondMoments + i, second);
        _mm512_storeu_ps(values + i, _mm512_sub_ps(param, change));
    }
}
