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

// The same on 8 lanes (AVX2), by channel: its nine weights stay in registers while the pixels stream past, two
// vectors at a time, where the Swift loop keeps a vector's taps and broadcasts each weight from memory for every
// multiply-add. 3.9 → 3.1 µs an image on a Zen 3.
__attribute__((target("avx2,fma"), noinline))
long avx2_conv3x3_forward(const float *planes, long width, long planeSize, long pixels, const float *weights,
                          const float *bias, long outputChannels, float *output) {
    const long whole = pixels / 8 * 8;
    for (long channel = 0; channel < outputChannels; channel++) {
        __m256 k[9];
        for (int tap = 0; tap < 9; tap++) k[tap] = _mm256_set1_ps(weights[channel * 9 + tap]);
        const __m256 start = _mm256_set1_ps(bias[channel]);
        float *target = output + channel * pixels;
        long p = 0;
        for (; p + 16 <= whole; p += 16) {
            __m256 first = start, second = start;
            for (int tap = 0; tap < 9; tap++) {
                const float *taps = planes + tap % 3 * planeSize + tap / 3 * width + p;
                first = _mm256_fmadd_ps(_mm256_loadu_ps(taps), k[tap], first);
                second = _mm256_fmadd_ps(_mm256_loadu_ps(taps + 8), k[tap], second);
            }
            _mm256_storeu_ps(target + p, first);
            _mm256_storeu_ps(target + p + 8, second);
        }
        for (; p < whole; p += 8) {
            __m256 sum = start;
            for (int tap = 0; tap < 9; tap++)
                sum = _mm256_fmadd_ps(_mm256_loadu_ps(planes + tap % 3 * planeSize + tap / 3 * width + p), k[tap], sum);
            _mm256_storeu_ps(target + p, sum);
        }
    }
    return whole;
}
