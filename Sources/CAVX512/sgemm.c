// avx512_sgemm: two register-tiled kernels, chosen by the layout of B.
//
// B not transposed (its rows run along C's rows): "broadcast" tiles of 8 rows × 48 columns of C in 24
// accumulators. Step k multiplies 48 values of B's row k by 8 values of op(A)'s column k, each broadcast. op(A) is
// first packed, a k block and 64 rows at a time, into panels of 8 rows, k-major, so that those 8 values are
// adjacent whatever A's layout.
//
// B transposed (both operands run along k): "dot" tiles of 4 × 4 elements of C, each a 16-lane partial dot
// product along k, summed at the end of each k block by one reduction tree shared by all 16.
//
// Tiles at the edges of C compute rows of zeros (broadcast) or repeat the last row or column (dot) and store
// only what lies in C, so that every element is computed alike wherever it lies (see the header).
//
// avx512_sgemm_unfolded runs the same two kernels with B an image's im2col matrix that is never written out: each
// row of B is a shifted view of one input plane, read through a mask that gives the zeros of the border. The values
// loaded are those im2col would have written, in the same order, so the results are the same bits.
#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>
#include <math.h>

#define AVX512 __attribute__((target("avx512f,fma")))
#define INLINE static inline __attribute__((always_inline, target("avx512f,fma")))

enum {
    BROADCAST_ROWS = 8,
    BROADCAST_VECTORS = 3,
    BROADCAST_COLUMNS = 16 * BROADCAST_VECTORS,
    // A 48-column strip of B over a k block is 48 KB (a Zen 5 core's L1): it stays near while every row tile passes.
    BROADCAST_K_BLOCK = 256,
    // Rows of op(A) packed at a time: a 64 KB panel on the stack.
    PANEL_ROWS = 64,
    DOT_SIZE = 4,
    // Four rows of each operand over a k block: 16 KB.
    DOT_K_BLOCK = 512,
};

// B as an image's im2col matrix, read where the image lies (see avx512.h).
typedef struct {
    const float *image;
    const long *offsets;
    const int *taps;
    const unsigned short *masks;
    long mask_stride;
} unfolded_rows;

// Row r of an unfolded B from its column `column` (a multiple of 16) on, and the masks of its vectors.
INLINE const float *unfolded_row(const unfolded_rows *u, long r, long column) {
    return u->image + u->offsets[r] + column;
}
INLINE const unsigned short *unfolded_masks(const unfolded_rows *u, long r, long column) {
    return u->masks + u->taps[r] * u->mask_stride + column / 16;
}


// What a k block leaves in C: the first writes beta·C + sum (with beta 0, C is not read), later ones add theirs.
INLINE __m512 combine(__m512 sum, const float *c, __mmask16 lanes, int firstBlock, float beta) {
    if (!firstBlock) return _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, c), sum);
    if (beta == 0) return sum;
    return _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(lanes, c), sum);
}

// Copies rows [first, first + count) of op(A), over columns [k0, k0 + kc), into panels of 8 rows, k-major
// (panel p holds rows first + 8p …, value (k, r) at p·8·kc + 8k + r); rows past `count` are zeros. A whole
// panel of Aᵀ is a copy of 8 adjacent values per k; of A, 8 × 8 blocks transposed in registers (written value by
// value, the compiler made the copy a scatter: 7 % of conv2's forward product).
AVX512 static void pack_rows(int transposeA, const float *a, long lda, long first, long count, long k0, long kc,
                             float *panel) {
    for (long p = 0; p < (count + BROADCAST_ROWS - 1) / BROADCAST_ROWS; p++) {
        float *out = panel + p * BROADCAST_ROWS * kc;
        long k = 0;
        if (count - p * BROADCAST_ROWS >= BROADCAST_ROWS) {
            if (transposeA) {
                const float *source = a + k0 * lda + first + p * BROADCAST_ROWS;
                for (; k < kc; k++) _mm256_storeu_ps(out + k * BROADCAST_ROWS, _mm256_loadu_ps(source + k * lda));
            } else {
                const float *source = a + (first + p * BROADCAST_ROWS) * lda + k0;
                for (; k + 8 <= kc; k += 8) transpose_8x8(source + k, lda, out + k * BROADCAST_ROWS, BROADCAST_ROWS);
            }
        }
        for (long r = 0; r < BROADCAST_ROWS; r++) {
            const long row = p * BROADCAST_ROWS + r;
            if (row >= count) {
                for (long j = k; j < kc; j++) out[j * BROADCAST_ROWS + r] = 0;
            } else if (transposeA) {
                const float *source = a + k0 * lda + first + row;
                for (long j = k; j < kc; j++) out[j * BROADCAST_ROWS + r] = source[j * lda];
            } else {
                const float *source = a + (first + row) * lda + k0;
                for (long j = k; j < kc; j++) out[j * BROADCAST_ROWS + r] = source[j];
            }
        }
    }
}

// C's tile of `rows` ≤ 8 rows × `columns` ≤ 16·vectors columns over one k block, from a packed panel and B: B's
// strip `b` (rows of ldb floats), or, with `u`, rows k0 … of the unfolded B from column j on.
INLINE void broadcast_tile(const int vectors, long kc, const float *panel, const float *b, long ldb,
                           const unfolded_rows *u, long k0, long j, float *c, long ldc, long rows, long columns,
                           int firstBlock, float beta) {
    __mmask16 lanes[BROADCAST_VECTORS];
    for (int v = 0; v < vectors; v++) lanes[v] = first_lanes(columns - 16 * v);
    __m512 sums[BROADCAST_ROWS][BROADCAST_VECTORS];
    for (int r = 0; r < BROADCAST_ROWS; r++)
        for (int v = 0; v < vectors; v++) sums[r][v] = _mm512_setzero_ps();
    for (long k = 0; k < kc; k++) {
        const float *column = panel + k * BROADCAST_ROWS;
        __m512 y[BROADCAST_VECTORS];
        if (u) {
            const float *row = unfolded_row(u, k0 + k, j);
            const unsigned short *masks = unfolded_masks(u, k0 + k, j);
            for (int v = 0; v < vectors; v++) y[v] = _mm512_maskz_loadu_ps(masks[v] & lanes[v], row + 16 * v);
        } else {
            const float *row = b + k * ldb;
            for (int v = 0; v < vectors; v++) y[v] = _mm512_maskz_loadu_ps(lanes[v], row + 16 * v);
        }
        for (int r = 0; r < BROADCAST_ROWS; r++) {
            const __m512 x = _mm512_set1_ps(column[r]);
            for (int v = 0; v < vectors; v++) sums[r][v] = _mm512_fmadd_ps(x, y[v], sums[r][v]);
        }
    }
    for (long r = 0; r < rows; r++) {
        float *line = c + r * ldc;
        for (int v = 0; v < vectors; v++)
            _mm512_mask_storeu_ps(line + 16 * v, lanes[v], combine(sums[r][v], line + 16 * v, lanes[v], firstBlock, beta));
    }
}

// B: `b` (rows of ldb floats), or the unfolded `u` when it is not null.
INLINE void broadcast_product_of(int transposeA, long m, long n, long k, const float *a, long lda, const float *b,
                                 long ldb, const unfolded_rows *u, float beta, float *c, long ldc) {
    float panel[PANEL_ROWS * BROADCAST_K_BLOCK] __attribute__((aligned(64)));
    for (long k0 = 0; k0 < k; k0 += BROADCAST_K_BLOCK) {
        const long kc = min_long(BROADCAST_K_BLOCK, k - k0);
        for (long i0 = 0; i0 < m; i0 += PANEL_ROWS) {
            const long mc = min_long(PANEL_ROWS, m - i0);
            pack_rows(transposeA, a, lda, i0, mc, k0, kc, panel);
            for (long j = 0; j < n; j += BROADCAST_COLUMNS) {
                const long columns = min_long(BROADCAST_COLUMNS, n - j);
                const float *strip = u ? 0 : b + k0 * ldb + j;
                for (long i = 0; i < mc; i += BROADCAST_ROWS) {
                    const float *rows = panel + i * kc;
                    float *tile = c + (i0 + i) * ldc + j;
                    const long count = min_long(BROADCAST_ROWS, mc - i);
                    const int first = k0 == 0;
                    if (columns > 32) broadcast_tile(3, kc, rows, strip, ldb, u, k0, j, tile, ldc, count, columns, first, beta);
                    else if (columns > 16) broadcast_tile(2, kc, rows, strip, ldb, u, k0, j, tile, ldc, count, columns, first, beta);
                    else broadcast_tile(1, kc, rows, strip, ldb, u, k0, j, tile, ldc, count, columns, first, beta);
                }
            }
        }
    }
}

// Sums each of 16 vectors: sums[column·4 + row] → lane row·4 + column. Every result goes through the same tree
// (lanes l and l+8, then l and l+4, l and l+2, l and l+1), four shuffle-and-add steps for all 16 at once.
INLINE __m512 reduce_tile(const __m512 sums[16]) {
    __m512 half[8], quarter[4], eighth[2];
    for (int p = 0; p < 8; p++)
        half[p] = _mm512_add_ps(_mm512_shuffle_f32x4(sums[2 * p], sums[2 * p + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                                _mm512_shuffle_f32x4(sums[2 * p], sums[2 * p + 1], _MM_SHUFFLE(3, 2, 3, 2)));
    for (int q = 0; q < 4; q++)
        quarter[q] = _mm512_add_ps(_mm512_shuffle_f32x4(half[2 * q], half[2 * q + 1], _MM_SHUFFLE(2, 0, 2, 0)),
                                   _mm512_shuffle_f32x4(half[2 * q], half[2 * q + 1], _MM_SHUFFLE(3, 1, 3, 1)));
    for (int s = 0; s < 2; s++)
        eighth[s] = _mm512_add_ps(_mm512_shuffle_ps(quarter[2 * s], quarter[2 * s + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                                  _mm512_shuffle_ps(quarter[2 * s], quarter[2 * s + 1], _MM_SHUFFLE(3, 2, 3, 2)));
    return _mm512_add_ps(_mm512_shuffle_ps(eighth[0], eighth[1], _MM_SHUFFLE(2, 0, 2, 0)),
                         _mm512_shuffle_ps(eighth[0], eighth[1], _MM_SHUFFLE(3, 1, 3, 1)));
}

// Products of k … k + 15 of each row of A with each row of B; `masksB` (unfolded B): the masks of B's rows.
INLINE void dot_step(const float *const rowsA[4], const float *const rowsB[4], const unsigned short *const *masksB,
                     long k, __mmask16 lanes, __m512 sums[16], const float *const *prefetch) {
    __m512 x[DOT_SIZE], y[DOT_SIZE];
    for (int r = 0; r < DOT_SIZE; r++) x[r] = _mm512_maskz_loadu_ps(lanes, rowsA[r] + k);
    for (int j = 0; j < DOT_SIZE; j++)
        y[j] = _mm512_maskz_loadu_ps(masksB ? lanes & masksB[j][k / 16] : lanes, rowsB[j] + k);
    if (prefetch) for (int j = 0; j < DOT_SIZE; j++) _mm_prefetch((const char *)(prefetch[j] + k), _MM_HINT_T0);
    for (int j = 0; j < DOT_SIZE; j++)
        for (int r = 0; r < DOT_SIZE; r++) sums[j * DOT_SIZE + r] = _mm512_fmadd_ps(x[r], y[j], sums[j * DOT_SIZE + r]);
}

// C's tile of `rows` × `columns` (each ≤ 4) over one k block: rows of A · rows of B. B's rows are `b`'s (rows of
// ldb floats) or, with `u`, rows `row` … of the unfolded B from column k0 on.
INLINE void dot_tile(long kc, const float *a, long lda, const float *b, long ldb, const unfolded_rows *u, long row,
                     long k0, float *c, long ldc, long rows, long columns, int firstBlock, float beta,
                     int prefetchNext) {
    const float *rowsA[DOT_SIZE], *rowsB[DOT_SIZE];
    const unsigned short *masksB[DOT_SIZE];
    for (int r = 0; r < DOT_SIZE; r++) rowsA[r] = a + min_long(r, rows - 1) * lda;
    for (int j = 0; j < DOT_SIZE; j++) {
        if (u) {
            rowsB[j] = unfolded_row(u, row + min_long(j, columns - 1), k0);
            masksB[j] = unfolded_masks(u, row + min_long(j, columns - 1), k0);
        } else {
            rowsB[j] = b + min_long(j, columns - 1) * ldb;
        }
    }
    const unsigned short *const *masks = u ? masksB : 0;
    __m512 sums[16];
    for (int t = 0; t < 16; t++) sums[t] = _mm512_setzero_ps();
    long k = 0;
    // The first row tile of each column tile fetches the next column tile's rows of B ahead: B (a layer's
    // weights) often comes from memory, and four streams alone keep too few loads in flight (cold weights, 20
    // rows: 88 → 110 GFLOP/s); every row tile doing so cost as much where B was in cache.
    const float *next[DOT_SIZE];
    for (int j = 0; j < DOT_SIZE; j++) next[j] = rowsB[j] + DOT_SIZE * ldb;
    if (prefetchNext && !u) for (; k + 16 <= kc; k += 16) dot_step(rowsA, rowsB, masks, k, 0xFFFF, sums, next);
    else for (; k + 16 <= kc; k += 16) dot_step(rowsA, rowsB, masks, k, 0xFFFF, sums, 0);
    if (k < kc) dot_step(rowsA, rowsB, masks, k, first_lanes(kc - k), sums, 0);
    const __m512 reduced = reduce_tile(sums);
    if (columns == DOT_SIZE) {
        // Whole rows of the tile: four lanes a row, the same arithmetic as the scalar path below.
        const __m128 scale = _mm_set1_ps(beta);
        for (long r = 0; r < rows; r++) {
            float *line = c + r * ldc;
            __m128 sum;
            switch (r) {
            case 0: sum = _mm512_extractf32x4_ps(reduced, 0); break;
            case 1: sum = _mm512_extractf32x4_ps(reduced, 1); break;
            case 2: sum = _mm512_extractf32x4_ps(reduced, 2); break;
            default: sum = _mm512_extractf32x4_ps(reduced, 3); break;
            }
            if (!firstBlock) sum = _mm_add_ps(_mm_loadu_ps(line), sum);
            else if (beta != 0) sum = _mm_fmadd_ps(scale, _mm_loadu_ps(line), sum);
            _mm_storeu_ps(line, sum);
        }
        return;
    }
    float tile[16];
    _mm512_storeu_ps(tile, reduced);
    for (long r = 0; r < rows; r++) {
        float *line = c + r * ldc;
        for (long j = 0; j < columns; j++) {
            const float sum = tile[r * DOT_SIZE + j];
            line[j] = !firstBlock ? line[j] + sum : beta == 0 ? sum : fmaf(beta, line[j], sum);
        }
    }
}

// B: `b` (rows of ldb floats), or the unfolded `u` when it is not null.
INLINE void dot_product_of(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                           const unfolded_rows *u, float beta, float *c, long ldc) {
    for (long k0 = 0; k0 < k; k0 += DOT_K_BLOCK) {
        const long kc = min_long(DOT_K_BLOCK, k - k0);
        // A tile of B's rows stays in L1 while A's rows pass over it.
        for (long j = 0; j < n; j += DOT_SIZE)
            for (long i = 0; i < m; i += DOT_SIZE)
                dot_tile(kc, a + i * lda + k0, lda, u ? 0 : b + j * ldb + k0, ldb, u, j, k0, c + i * ldc + j, ldc,
                         min_long(DOT_SIZE, m - i), min_long(DOT_SIZE, n - j), k0 == 0, beta, i == 0);
    }
}

// Each kind of product, B in memory or unfolded, compiled apart and left to the compiler to place: with all four
// forced inline into two entry points, or each kept out of line (noinline), the plain products ran 8–20 % slower
// (one thread, fc1's forward product at batch 20: 81 → 103 µs; the inner loops were the same instructions).
AVX512 static void broadcast_product(int transposeA, long m, long n, long k,
        const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc) {
    broadcast_product_of(transposeA, m, n, k, a, lda, b, ldb, 0, beta, c, ldc);
}
AVX512 static void broadcast_product_unfolded(long m, long n, long k,
        const float *a, long lda, const unfolded_rows *u, float beta, float *c, long ldc) {
    broadcast_product_of(0, m, n, k, a, lda, 0, 0, u, beta, c, ldc);
}
AVX512 static void dot_product(long m, long n, long k, const float *a, long lda,
        const float *b, long ldb, float beta, float *c, long ldc) {
    dot_product_of(m, n, k, a, lda, b, ldb, 0, beta, c, ldc);
}
AVX512 static void dot_product_unfolded(long m, long n, long k, const float *a,
        long lda, const unfolded_rows *u, float beta, float *c, long ldc) {
    dot_product_of(m, n, k, a, lda, 0, 0, u, beta, c, ldc);
}

AVX512 void avx512_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                         const float *b, long ldb, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (transposeA && transposeB) __builtin_trap();
    if (k <= 0) {
        scale_only(m, n, beta, c, ldc);
    } else if (transposeB) {
        dot_product(m, n, k, a, lda, b, ldb, beta, c, ldc);
    } else {
        broadcast_product(transposeA, m, n, k, a, lda, b, ldb, beta, c, ldc);
    }
}

AVX512 void avx512_sgemm_unfolded(int transposeB, long m, long n, long k, const float *a, long lda,
                                  const float *image, const long *offsets, const int *taps,
                                  const unsigned short *masks, long maskStride, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    const unfolded_rows u = { image, offsets, taps, masks, maskStride };
    if (k <= 0) {
        scale_only(m, n, beta, c, ldc);
    } else if (transposeB) {
        dot_product_unfolded(m, n, k, a, lda, &u, beta, c, ldc);
    } else {
        broadcast_product_unfolded(m, n, k, a, lda, &u, beta, c, ldc);
    }
}
