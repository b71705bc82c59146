// The engine's C kernels. Swift builds for Haswell (AVX2, 8 lanes) so that one binary runs on every x86-64 CPU of
// this kind; this target alone holds AVX-512 code, compiled by function attributes and called only where
// avx512_available() says the CPU runs it, and the AVX2 kernels that replace it elsewhere (avx2_sgemm, the pooling).
// It also holds the switch of the compute threads' floating-point mode (subnormals.c), which Swift cannot reach.
#ifndef FMNIST_AVX512_H
#define FMNIST_AVX512_H

/// 1 when the CPU runs AVX-512F and AVX-512DQ instructions (every AVX-512 CPU of this kind), else 0.
int avx512_available(void);

/// 12 accumulators of 16 lanes, each a ← a + a·shrink, `iterations` times; returns their sum. Each step is
/// 12 fused multiply-adds of 16 lanes: 384 FLOP. ArithmeticPeak's 16-lane multiply-add chain.
float avx512_fma_chain(long iterations);

/// C = op(A) · op(B) + beta · C, row-major; op(A) is m×k, op(B) is k×n, C is m×n. Not both transposed.
/// Every element of C is computed by the same sequence of operations wherever it lies in C, so a block of C
/// computed alone equals the same block of the whole product: results do not depend on how a product is split
/// over threads. Single-threaded; packs A into a 64 KB buffer on the calling thread's stack.
void avx512_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                  const float *b, long ldb, float beta, float *c, long ldc);

/// avx512_sgemm's product on AVX2 and FMA (8 lanes) for CPUs without AVX-512, with the same guarantee, but for
/// A·Bᵀ, whose tiles depend on m: blocks of its columns equal the whole product, blocks of its rows may differ in
/// the last bits. Packs A and B into 220 KB of the calling thread's stack (a panel of up to 204 rows of A and a
/// 16-column strip of B; the compute pool's threads have 1 MB).
void avx2_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                const float *b, long ldb, float beta, float *c, long ldc);
/// avx2_sgemm with A not transposed and B as a table of rows: row r of B (as stored, k × n, or n × k with
/// transposeB) starts at b + rows[r]. The same bits as avx2_sgemm on B gathered into a matrix.
void avx2_sgemm_rows(int transposeB, long m, long n, long k, const float *a, long lda, const float *b,
                     const long *rows, float beta, float *c, long ldc);

/// avx512_sgemm's product (A not transposed) where B is one image's im2col matrix, read from the image instead of
/// written out first, with the same bits as avx512_sgemm on the written matrix. The matrix U has a row r per patch
/// entry and a column p per output pixel: U(r, p) = image[offsets[r] + p] where bit p % 16 of
/// masks[taps[r]·maskStride + p / 16] is set, else 0 (a masked lane is not read, so offsets[r] + p may lie outside
/// the image there). transposeB 0: C (m × n) = A (m × k) · U + beta·C, U k × n; transposeB 1: C (m × n) =
/// A (m × k) · Uᵀ + beta·C, U n × k. Each tap has ⌈pixels / 16⌉ masks. Not split into blocks: one call, one product.
void avx512_sgemm_unfolded(int transposeB, long m, long n, long k, const float *a, long lda,
                           const float *image, const long *offsets, const int *taps,
                           const unsigned short *masks, long maskStride, float beta, float *c, long ldc);

/// col2im for the patch matrix of avx512_sgemm_unfolded (same offsets and masks; `taps` = k², rows channel-major):
/// image (channels × planeSize) = the sum, in row order from 0, of each row's entries at its shifted pixels, every
/// element written once. The same bits as ConvGeometry.foldShifted.
void avx512_fold_unfolded(const float *columns, long rowStride, long channels, long taps, long planeSize,
                          const long *offsets, const unsigned short *masks, long maskStride, float *image);

/// avx512_fold_unfolded on 8 lanes (AVX2), with the same bits; `lanes` holds, per tap and 8-pixel vector, eight
/// 32-bit masks (−1 where the pixel reads the image, else 0) in place of the 16-bit masks.
void avx2_fold_unfolded(const float *columns, long rowStride, long channels, long taps, long planeSize,
                        const long *offsets, const int *lanes, float *image);

/// One Adam(W) step over `count` elements (a multiple of 16), as Adam.update's Swift loop computes it, bit for bit:
///   p ← p·keep;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g·g;  p ← p − scaledStep·m / (√v + scaledEpsilon)
/// `keep` is 1 − lr·weight decay for decayed weights, else exactly 1 (then p is not multiplied).
void avx512_adam_update(float *values, const float *gradients, float *firstMoments, float *secondMoments,
                        long count, float beta1, float beta2, float scaledStep, float scaledEpsilon,
                        float keep);

/// Dropout.forward's loop over elements first ..< first + count (any count), as its Swift loop computes it, bit for
/// bit: draw = SplitMix64.mix(key + i) >> 32; scales[i] = draw < threshold ? 0 : keptScale; output[i] = input[i]·scales[i].
void avx512_dropout_forward(const float *input, float *output, float *scales, long first, long count,
                            unsigned long long key, unsigned long long threshold, float keptScale);

/// conv1's direct 3×3 forward pass (ConvGeometry.directForward) on the pixels of whole 16-lane vectors; returns how
/// many it computed (the caller computes the rest). Each output is bias + the nine taps in order, by fused
/// multiply-adds: the same bits as the 8-lane Swift loop.
long avx512_conv3x3_forward(const float *planes, long width, long planeSize, long pixels, const float *weights,
                            const float *bias, long outputChannels, float *output);

/// avx512_conv3x3_forward on 8 lanes (AVX2 and FMA), with the same bits.
long avx2_conv3x3_forward(const float *planes, long width, long planeSize, long pixels, const float *weights,
                          const float *bias, long outputChannels, float *output);

/// MaxPool2d's 2×2 pooling of `planes` planes (each `inputPlaneSize` floats apart, rows of `width`) into planes of
/// outputHeight × outputWidth (≤ 16) maxima `outputPlaneSize` apart, with each window's winner (its index in its
/// input plane) when `winners` is not null: the same values and winners as MaxPool2d.pool2x2's Swift loops.
void avx512_pool2x2(const float *source, long planes, long inputPlaneSize, long width, long outputHeight,
                    long outputWidth, long outputPlaneSize, float *values, int *winners);

/// ConvolutionBlock's backward pass through its ReLU and 2×2 pooling, for `planes` planes of outputHeight ×
/// outputWidth (≤ 16) windows whose convolution planes are exactly twice as high and wide: each element of
/// `gradient` (the planes, contiguous) is 0 + (output > 0 ? outputGradient : 0) of its window at the window's winner
/// (an index in its plane, as avx512_pool2x2 stores it), else 0. The same bits as the scalar scatter into a zeroed plane.
void avx512_unpool2x2_relu(const float *outputGradient, const float *output, const int *winners, long planes,
                           long outputHeight, long outputWidth, float *gradient);

/// avx512_pool2x2 on 8 lanes (AVX2), for any outputWidth, into contiguous planes (outputPlaneSize = outputHeight ·
/// outputWidth): the same values and winners.
void avx2_pool2x2(const float *source, long planes, long inputPlaneSize, long width, long outputHeight,
                  long outputWidth, float *values, int *winners);

/// Makes the calling thread's SSE arithmetic flush subnormal results to zero and read subnormal inputs as zero (MXCSR's
/// FTZ and DAZ flags; nothing where the CPU is not x86); returns the control register as it was, for
/// subnormals_flush_end. Float arithmetic on subnormal numbers takes far longer than on normal ones.
unsigned subnormals_flush_begin(void);

/// Restores the control register that subnormals_flush_begin returned.
void subnormals_flush_end(unsigned previous);

#endif
