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
