#include "avx512.h"
#include <immintrin.h>

int avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 1 : 0;
}

__attribute__((target("avx512f"), noinline))
float avx512_fma_chain(long iterations) {
    // a + a·2⁻³⁰ rounds back to a (half an ulp is 2⁻²⁴·a): the values never change, never go denormal.
    // Read through volatile, or the compiler proves that and drops the loop.
    volatile float shrinkValue = -0x1p-30f, step = 0.1f;
    const __m512 shrink = _mm512_set1_ps(shrinkValue);
    __m512 a[12];
    for (int i = 0; i < 12; i++) a[i] = _mm512_set1_ps(1.0f + step * (float)i);
    for (long iteration = 0; iteration < iterations; iteration++) {
        // Twelve independent chains: enough to keep two FMA pipes of latency 4 busy.
        for (int i = 0; i < 12; i++) a[i] = _mm512_fmadd_ps(a[i], shrink, a[i]);
    }
    __m512 total = a[0];
    for (int i = 1; i < 12; i++) total = _mm512_add_ps(total, a[i]);
    return _mm512_reduce_add_ps(total);
}
