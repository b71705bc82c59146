#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>

// SplitMix64's finaliser on 8 lanes of 64 bits (SplitMix64.mix): integer operations, so the same bits as Swift's.
__attribute__((target("avx512f,avx512dq"), always_inline))
static inline __m512i mix(__m512i z) {
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBULL));
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

__attribute__((target("avx512f,avx512dq"), noinline))
void avx512_dropout_forward(const float *input, float *output, float *scales, long first, long count,
                            unsigned long long key, unsigned long long threshold, float keptScale) {
    const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), limit = _mm512_set1_epi64((long long)threshold);
    const __m512 kept = _mm512_set1_ps(keptScale);
    for (long i = first; i < first + count; i += 16) {
        const __mmask16 inside = first_lanes(first + count - i);
        const __m512i counter = _mm512_add_epi64(_mm512_set1_epi64((long long)(key + (unsigned long long)i)), lanes);
        // draw = mix(key + i) >> 32; dropped where draw < threshold.
        const __mmask8 low = _mm512_cmplt_epu64_mask(_mm512_srli_epi64(mix(counter), 32), limit);
        const __mmask8 high = _mm512_cmplt_epu64_mask(
            _mm512_srli_epi64(mix(_mm512_add_epi64(counter, _mm512_set1_epi64(8))), 32), limit);
        const __mmask16 dropped = (__mmask16)(low | (unsigned)high << 8);
        const __m512 scale = _mm512_maskz_mov_ps((__mmask16)~dropped, kept);
        const __m512 x = _mm512_maskz_loadu_ps(inside, input + i);
        _mm512_mask_storeu_ps(scales + i, inside, scale);
        _mm512_mask_storeu_ps(output + i, inside, _mm512_mul_ps(x, scale));
    }
}
