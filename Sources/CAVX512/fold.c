#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>

// col2im of a same-size shift on 16 lanes, by destination: each vector of 16 pixels of a channel sums its patch rows'
// entries in row order, starting from 0, and is written once. A row that does not reach a pixel (the shift takes
// it outside the image) adds +0 there, which changes no sum that started from +0 (such a sum is never −0): the same
// bits as ConvGeometry.foldShifted, which adds each row into the zeroed image in turn, with none of its re-reads of
// values just stored.

enum { CHAINS = 4 };

__attribute__((target("avx512f"), noinline))
void avx512_fold_unfolded(const float *columns, long rowStride, long channels, long taps, long planeSize,
                          const long *offsets, const unsigned short *masks, long maskStride, float *image) {
    for (long channel = 0; channel < channels; channel++) {
        // Four vectors of pixels at a time: four independent chains of additions instead of one waiting on each.
        for (long first = 0; first < maskStride; first += CHAINS) {
            __m512 sums[CHAINS];
            for (int chain = 0; chain < CHAINS; chain++) sums[chain] = _mm512_setzero_ps();
            for (long tap = 0; tap < taps; tap++) {
                const long row = channel * taps + tap, shift = offsets[row] - channel * planeSize;
                const float *entries = columns + row * rowStride - shift;
                // Pixel q takes entry q − shift of the row, where that entry's own pixel reads q: the mirrored
                // tap's mask at q (a shift by (dy, dx) seen from the other end).
                const unsigned short *reaches = masks + (taps - 1 - tap) * maskStride;
                for (int chain = 0; chain < CHAINS; chain++) {
                    const long v = first + chain;
                    if (v < maskStride)
                        sums[chain] = _mm512_add_ps(sums[chain], _mm512_maskz_loadu_ps(reaches[v], entries + 16 * v));
                }
            }
            for (int chain = 0; chain < CHAINS; chain++) {
                const long v = first + chain;
                if (v < maskStride)
                    _mm512_mask_storeu_ps(image + channel * planeSize + 16 * v, first_lanes(planeSize - 16 * v),
                                          sums[chain]);
            }
        }
    }
}

// avx512_fold_unfolded on 8 lanes: the same sums in the same order. Channel planes are contiguous, so a plane's last
// vector may run on into the planes after it, which are written later; only a vector that reaches past the last
// plane is stored masked (AVX2's masked stores are slow on AMD). One image of conv2 (16 planes of 14 × 14) took
// 3.5 µs instead of the shifted fold's 4.5 on a Zen 3, where that re-reads the plane it adds into and zeroes the
// border columns of each patch row one float at a time.
__attribute__((target("avx2"), noinline))
void avx2_fold_unfolded(const float *columns, long rowStride, long channels, long taps, long planeSize,
                        const long *offsets, const int *lanes, float *image) {
    const long vectors = (planeSize + 7) / 8, imageSize = channels * planeSize;
    for (long channel = 0; channel < channels; channel++) {
        for (long first = 0; first < vectors; first += CHAINS) {
            __m256 sums[CHAINS];
            for (int chain = 0; chain < CHAINS; chain++) sums[chain] = _mm256_setzero_ps();
            for (long tap = 0; tap < taps; tap++) {
                const long row = channel * taps + tap, shift = offsets[row] - channel * planeSize;
                const float *entries = columns + row * rowStride - shift;
                // The mirrored tap's lanes, as in avx512_fold_unfolded.
                const int *reaches = lanes + (taps - 1 - tap) * vectors * 8;
                for (int chain = 0; chain < CHAINS; chain++) {
                    const long v = first + chain;
                    if (v < vectors) {
                        const __m256i inside = _mm256_loadu_si256((const __m256i *)(reaches + 8 * v));
                        sums[chain] = _mm256_add_ps(sums[chain], _mm256_maskload_ps(entries + 8 * v, inside));
                    }
                }
            }
            for (int chain = 0; chain < CHAINS && first + chain < vectors; chain++) {
                const long start = channel * planeSize + 8 * (first + chain);
                if (start + 8 <= imageSize) _mm256_storeu_ps(image + start, sums[chain]);
                else _mm256_maskstore_ps(image + start, first_lanes8(imageSize - start), sums[chain]);
            }
        }
    }
}
