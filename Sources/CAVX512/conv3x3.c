#include "avx512.h"
#include <immintrin.h>

// conv1's direct kernel (DirectConvolution.swift) on 16 lanes. Tap (ky, kx) of pixel p is entry p + ky·width of
// plane kx; the weights are (channel, ky, kx).

__attribute__((target("avx512f"), noinline))
long avx512_conv3x3_forward(const float *planes, long width, long planeSize, long pixels, const float *weights,
                            const float *bias, long outputChannels, float *output) {
    long p = 0;
    for (; p + 16 <= pixels; p += 16) {
        __m512 taps[9];
        for (int tap = 0; tap < 9; tap++) taps[tap] = _mm512_loadu_ps(planes + tap % 3 * planeSize + tap / 3 * width + p);
        for (long channel = 0; channel < outputChannels; channel++) {
            // bias, then the taps in order, each a fused multiply-add: Swift's addProduct chain, lane for lane.
            const float *k = weights + channel * 9;
            __m512 sum = _mm512_set1_ps(bias[channel]);
            for (int tap = 0; tap < 9; tap++) sum = _mm512_fmadd_ps(taps[tap], _mm512_set1_ps(k[tap]), sum);
            _mm512_storeu_ps(output + channel * pixels + p, sum);
        }
    }
    return p;
}
