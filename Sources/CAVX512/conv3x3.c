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

// Weight and bias gradients of `count` (1 or 2) channels from `first`. Two at a time, each tap vector loaded
// feeds two multiply-adds: 20 accumulators, 9 taps and 2 gradients fit the 32 registers.
__attribute__((target("avx512f"), always_inline))
static inline void weightGradientsOfChannels(const float *planes, long width, long planeSize, long pixels,
                                             const float *outputGradient, long first, int count,
                                             float *weightGradient, float *biasGradient, int overwrite) {
    // Per channel, ten running vectors (9 taps and the bias); the last partial vector is masked, its other lanes 0.
    __m512 sums[2][9], biasSums[2];
    for (int c = 0; c < count; c++) {
        biasSums[c] = _mm512_setzero_ps();
        for (int tap = 0; tap < 9; tap++) sums[c][tap] = _mm512_setzero_ps();
    }
    for (long p = 0; p < pixels; p += 16) {
        const long left = pixels - p;
        const __mmask16 inside = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        __m512 gradients[2];
        for (int c = 0; c < count; c++) {
            gradients[c] = _mm512_maskz_loadu_ps(inside, outputGradient + (first + c) * pixels + p);
            biasSums[c] = _mm512_add_ps(biasSums[c], gradients[c]);
        }
        for (int tap = 0; tap < 9; tap++) {
            const __m512 x = _mm512_maskz_loadu_ps(inside, planes + tap % 3 * planeSize + tap / 3 * width + p);
            for (int c = 0; c < count; c++) sums[c][tap] = _mm512_fmadd_ps(x, gradients[c], sums[c][tap]);
        }
    }
    for (int c = 0; c < count; c++) {
        float *k = weightGradient + (first + c) * 9;
        for (int tap = 0; tap < 9; tap++) {
            const float total = _mm512_reduce_add_ps(sums[c][tap]);
            k[tap] = overwrite ? total : k[tap] + total;
        }
        const float biasTotal = _mm512_reduce_add_ps(biasSums[c]);
        biasGradient[first + c] = overwrite ? biasTotal : biasGradient[first + c] + biasTotal;
    }
}

__attribute__((target("avx512f"), noinline))
void avx512_conv3x3_weight_gradients(const float *planes, long width, long planeSize, long pixels,
                                     const float *outputGradient, long outputChannels, float *weightGradient,
                                     float *biasGradient, int overwrite) {
    long channel = 0;
    for (; channel + 2 <= outputChannels; channel += 2) {
        weightGradientsOfChannels(planes, width, planeSize, pixels, outputGradient, channel, 2, weightGradient,
                                  biasGradient, overwrite);
    }
    if (channel < outputChannels) {
        weightGradientsOfChannels(planes, width, planeSize, pixels, outputGradient, channel, 1, weightGradient,
                                  biasGradient, overwrite);
    }
}
