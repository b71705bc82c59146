// The 16-lane (AVX-512) form of ArithmeticPeak's multiply-add chain. Swift builds for Haswell (AVX2, 8 lanes)
// so that one binary runs on every x86-64 CPU of this kind; this file alone holds AVX-512 code, compiled by a
// function attribute and called only where the CPU has it.
#ifndef VECTOR_PEAK_H
#define VECTOR_PEAK_H

/// 1 when the CPU runs AVX-512F instructions, else 0.
int vector_peak_has_avx512(void);

/// 12 accumulators of 16 lanes, each a ← a + a·shrink, `iterations` times; returns their sum. Each step is
/// 12 fused multiply-adds of 16 lanes: 384 FLOP. Call only when vector_peak_has_avx512() is 1.
float vector_peak_avx512_chain(long iterations);

#endif
