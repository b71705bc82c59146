// avx2_sgemm: avx512_sgemm's design for CPUs without AVX-512, on 8-lane vectors and 16 registers.
//
// "Broadcast" tiles of up to 6 rows × 16 columns of C in up to 12 accumulators: step k multiplies 16 values of
// op(B)'s row k by the tile's values of op(A)'s column k, each broadcast. op(A) is first packed, a k block and up to
// 204 rows at a time, k-major, into one group per row tile; a panel's rows are cut into tiles as even as they go
// (tile_height). op(B) is packed a 16-column strip at a time for each panel (Bᵀ by 8 × 8 blocks transposed, B by
// copies of its rows), or B is read where it lies where packing would not pay (PACKED_B_MIN_K). Each element is its
// own chain of multiply-adds, the same in a tile of any height, so how the rows are cut does not change the bits; the
// last columns take masked loads and stores.
//
// For A·Bᵀ with few rows and a long k (under PACKED_B_ROWS rows, from DOT_MIN_K on: a batch of 20 in a fully
// connected layer's forward pass), packing Bᵀ costs more than it saves: "dot" tiles of 4 rows of A × 3 rows of B
// instead, each element an 8-lane partial dot product along k, summed at the end of each k block by the same tree.
// Which kernel computes A·Bᵀ depends on the rows of C, so only a split by columns leaves its bits alone (Linear
// splits it so, but for the output layer, whose 10 outputs it splits by images: at 48 to 95 images on two threads,
// its parts take dot tiles where the whole product would not); every other product gives the same bits however it
// is split.
//
// avx2_sgemm_rows takes B as a table of rows: row r of B (as stored) starts at b + rows[r]. A convolution's im2col
// matrix is such a table into its image's bordered planes (ConvGeometry.borderPlanes), which are never unfolded.
// The values loaded are the same, in the same order, so the results are the same bits as avx2_sgemm's on the
// unfolded matrix.
#include "avx512.h"
#include "lanes.h"
#include <immintrin.h>
#include <math.h>

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline, target("avx2,fma")))

enum {
    ROWS = 6,
    VECTORS = 2,
    COLUMNS = 8 * VECTORS,
    // A 16-column strip of B over a k block is 16 KB, in a Zen 3 core's 32 KB L1 while every row tile passes. The
    // longest k block: k is cut into blocks as even as they go, multiples of 8 (784: 200, 200, 200, 184, not 256, 256,
    // 256, 16, whose last block paid a whole packing and a pass over C for 16 steps). Alone, one thread, best of 5,
    // four alternated runs on a Zen 3: the CNN's fc1 forward at batch 128 (128 × 128 × 1568) 78.9-80.5 ->
    // 82.0-83.3 GFLOP/s, the FCNN's (half of 128 × 512 × 784, W from L3) 79.3-80.6 -> 80.9-82.3.
    BROADCAST_K_BLOCK = 256,
    // Rows of op(A) packed at a time: a 204 KB panel on the stack, in L2, as B's strips pass through L1. Each strip of
    // op(B) is packed once a panel, so a batch of 128 (or a validation batch of 200) is one panel: with panels of 60
    // rows, packing each strip of Bᵀ three times, the fully connected forward products at batch 128 ran at 79-81
    // GFLOP/s, at 85-89 with one panel (scripts/gemm-shapes.c 16, one thread, Zen 3).
    PANEL_ROWS = 204,
    // B not transposed is packed too, rather than read where it lies, over k blocks from PACKED_B_MIN_K on in panels
    // from PACKED_B_MIN_ROWS on, and in panels of three row tiles or more wherever its rows would evict one another
    // from L1 (rows_alias_in_l1; with two, the output layer's weight gradients, 10 × 256 × 128, lost 15 %). At batch
    // 128, one thread, Zen 3, B from L3 (scripts/gemm-shapes.c 16): fc2's input gradient (128 × 512 × 256) 73-75 ->
    // 88-91 GFLOP/s, the CNN's fc1's (128 × 1568 × 256) 82-85 -> 85-90, fc2's weight gradients 73 -> 84-85. Short
    // blocks of rows in distinct sets pay no packing: conv2's input gradients (k = 32) lost 6 % packed. Nor do short
    // panels, whose tiles reuse a strip too few times: the CNN's fc1 input gradient at batch 20 (20 × 1568 × 256)
    // went from 63-73 GFLOP/s to 47-59.
    PACKED_B_MIN_K = 64,
    PACKED_B_MIN_ROWS = 48,
    DOT_ROWS = 4,
    DOT_COLUMNS = 3,
    // k blocks of dot tiles: with under PACKED_B_ROWS rows of A, a tile of B's rows is reused only a few times, and one
    // pass over k (2048 covers every layer here) beat blocks of 512, which re-read C and restarted every tile (alone,
    // one thread: fc1's forward at batch 20 231 -> 213 us, the CNN's 529 -> 470 us).
    DOT_K_BLOCK = 2048,
    // Rows of C from which A·Bᵀ takes broadcast tiles on packed strips of Bᵀ rather than dot tiles. Alone, one
    // thread, W from L3: at 20 rows dot tiles were as fast for fc1 (278 against 279 us) and faster for the CNN's fc1
    // (491 against 591 us); at 128 rows packed strips won (1296 against 1713 us for fc1), at 1000 too (9.5 / 15.9 ms).
    PACKED_B_ROWS = 48,
    // k from which those few rows take dot tiles: each tile ends in 12 sums across 8 lanes, which a short k does not
    // pay for. Alone, one thread, best of 5, three alternated runs: conv2's weight gradients of one image (32 rows,
    // k = 196) 60.2-61.6 GFLOP/s on dot tiles, 76.5-77.5 on packed strips of Bᵀ; every fully connected layer here
    // has k of 256 or more.
    DOT_MIN_K = 256,
};

// What a k block leaves in C: the first writes beta·C + sum (with beta 0, C is not read), later ones add theirs.
INLINE __m256 combine(__m256 sum, __m256 old, int firstBlock, float beta) {
    if (!firstBlock) return _mm256_add_ps(old, sum);
    if (beta == 0) return sum;
    return _mm256_fmadd_ps(_mm256_set1_ps(beta), old, sum);
}

// Stores 6 floats: 4 from `four` and 2 from the low half of `two`.
INLINE void store6(float *out, __m128 four, __m128 two) {
    _mm_storeu_ps(out, four);
    _mm_storel_pi((__m64 *)(out + 4), two);
}

// 2 floats into the low half of a vector.
INLINE __m128 load2(const float *source) { return _mm_castpd_ps(_mm_load_sd((const double *)source)); }

// Row r of B as stored: rows[r] floats from b with a table of rows, else r·ldb.
INLINE const float *b_row(const float *b, long ldb, const long *rows, long r) { return rows ? b + rows[r] : b + r * ldb; }

// The height of the row tile that starts `done` rows into a panel of `count` rows: the panel in ⌈count / 6⌉ tiles as
// even as they go, the taller first (20 rows: 5, 5, 5, 5; 32: 6, 6, 5, 5, 5, 5), as a tile of 1 or 2 rows makes
// only 2 or 4 multiply-adds per load.
static inline long tile_height(long count, long done) {
    const long tiles = (count + ROWS - 1) / ROWS, base = count / tiles, taller = count % tiles;
    const long index = done < taller * (base + 1) ? done / (base + 1) : taller + (done - taller * (base + 1)) / base;
    return index < taller ? base + 1 : base;
}

// Copies rows [first, first + count) of op(A), over columns [k0, k0 + kc), into one group per row tile
// (tile_height), k-major: the tile of h rows from row i on holds value (k, r) at i·kc + h·k + r.
// Inlined into each instance of broadcast_product: called from two, it was kept out of line, and the strided
// products lost 2-6 % alone (scripts/gemm-shapes.c, one thread, Zen 3; conv2's weight gradients the most).
INLINE void pack_rows(int transposeA, const float *a, long lda, long first, long count, long k0, long kc,
                      float *panel) {
    for (long done = 0, h; done < count; done += h) {
        h = tile_height(count, done);
        float *out = panel + done * kc;
        long k = 0;
        if (transposeA) {
            // Column k of op(A) is row k of A: h adjacent values.
            const float *source = a + k0 * lda + first + done;
            if (h == ROWS)
                for (; k < kc; k++) store6(out + k * ROWS, _mm_loadu_ps(source + k * lda), load2(source + k * lda + 4));
            for (; k < kc; k++)
                for (long r = 0; r < h; r++) out[k * h + r] = source[k * lda + r];
            continue;
        }
        const float *source = a + (first + done) * lda + k0;
        if (h >= 4) {
            // Rows 0-3 by 4 × 4 blocks transposed in registers, rows 4 and 5 (where the tile has them) value by value.
            for (; k + 4 <= kc; k += 4) {
                __m128 r0 = _mm_loadu_ps(source + k), r1 = _mm_loadu_ps(source + lda + k);
                __m128 r2 = _mm_loadu_ps(source + 2 * lda + k), r3 = _mm_loadu_ps(source + 3 * lda + k);
                _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
                const __m128 columns[4] = {r0, r1, r2, r3};
                for (int j = 0; j < 4; j++) _mm_storeu_ps(out + (k + j) * h, columns[j]);
                for (long r = 4; r < h; r++)
                    for (int j = 0; j < 4; j++) out[(k + j) * h + r] = source[r * lda + k + j];
            }
        }
        for (; k < kc; k++)
            for (long r = 0; r < h; r++) out[k * h + r] = source[r * lda + k];
    }
}

// C's tile of `rows` rows × `columns` ≤ 8·vectors columns over one k block, from a packed panel and B's strip `b`
// (rows of ldb floats; with `tableB`, step k's row at b + bRows[k]). `wholeB`: B's rows have every column the tile
// reads (a packed strip is padded with zeros), so they are loaded without masks; `wholeC`: every column lies in C.
// Each element is its own chain of multiply-adds, so a tile of fewer rows computes its elements as a whole tile would.
INLINE void broadcast_tile(const int rows, const int vectors, const int wholeB, const int wholeC, const int tableB,
                           long kc, const float *panel, const float *b, long ldb, const long *bRows, float *c,
                           long ldc, long columns, int firstBlock, float beta) {
    __m256i lanes[VECTORS];
    for (int v = 0; v < vectors; v++) lanes[v] = first_lanes8(columns - 8 * v);
    __m256 sums[ROWS][VECTORS];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++) sums[r][v] = _mm256_setzero_ps();
    for (long k = 0; k < kc; k++) {
        const float *row = tableB ? b + bRows[k] : b + k * ldb;
        __m256 y[VECTORS];
        for (int v = 0; v < vectors; v++)
            y[v] = wholeB ? _mm256_loadu_ps(row + 8 * v) : _mm256_maskload_ps(row + 8 * v, lanes[v]);
        for (int r = 0; r < rows; r++) {
            const __m256 x = _mm256_broadcast_ss(panel + k * rows + r);
            for (int v = 0; v < vectors; v++) sums[r][v] = _mm256_fmadd_ps(x, y[v], sums[r][v]);
        }
    }
    for (int r = 0; r < rows; r++) {
        float *line = c + r * ldc;
        for (int v = 0; v < vectors; v++) {
            if (wholeC) {
                const __m256 old = firstBlock && beta == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(line + 8 * v);
                _mm256_storeu_ps(line + 8 * v, combine(sums[r][v], old, firstBlock, beta));
            } else {
                const __m256 old = firstBlock && beta == 0 ? _mm256_setzero_ps()
                                                           : _mm256_maskload_ps(line + 8 * v, lanes[v]);
                _mm256_maskstore_ps(line + 8 * v, lanes[v], combine(sums[r][v], old, firstBlock, beta));
            }
        }
    }
}

// broadcast_tile for `rows` ≤ 6 known at compile time, by the columns the strip has; `packedB`: B is a packed strip;
// else `bRows`, when not null, is B's table of rows from the k block's first on.
INLINE void broadcast_tile_rows(const int rows, int packedB, const long *bRows, long kc, const float *panel,
                                const float *b, long ldb, float *c, long ldc, long columns, int firstBlock,
                                float beta) {
#define TILE(vectors, wholeB, wholeC, tableB)                                                                        \
    broadcast_tile(rows, vectors, wholeB, wholeC, tableB, kc, panel, b, ldb, bRows, c, ldc, columns, firstBlock, beta)
    if (packedB) {
        if (columns == COLUMNS) TILE(2, 1, 1, 0);
        else TILE(2, 1, 0, 0);
    } else if (bRows) {
        if (columns == COLUMNS) TILE(2, 1, 1, 1);
        else if (columns > 8) TILE(2, 0, 0, 1);
        else TILE(1, 0, 0, 1);
    } else {
        if (columns == COLUMNS) TILE(2, 1, 1, 0);
        else if (columns > 8) TILE(2, 0, 0, 0);
        else TILE(1, 0, 0, 0);
    }
#undef TILE
}

// Columns [j, j + columns) of Bᵀ (rows j … of B: b_row) over k0 ..< k0 + kc into a strip of 16 columns, k-major
// (value (k, c) at 16k + c); columns past `columns` are zeros. 8 × 8 blocks transposed in registers.
INLINE void pack_transposed_strip(const float *b, long ldb, const long *bRows, long j, long columns, long k0, long kc,
                                  float *strip) {
    const float *rows[COLUMNS];
    for (long c = 0; c < columns; c++) rows[c] = b_row(b, ldb, bRows, j + c) + k0;
    long k = 0;
    if (columns == COLUMNS) {
        for (; k + 8 <= kc; k += 8)
            for (int half = 0; half < 2; half++)
                transpose_8x8_rows(rows + 8 * half, k, strip + k * COLUMNS + 8 * half, COLUMNS);
    }
    for (; k < kc; k++)
        for (long c = 0; c < COLUMNS; c++) strip[k * COLUMNS + c] = c < columns ? rows[c][k] : 0;
}

// Whether kc rows of B, ldb floats apart, evict one another from a 32 KB 8-way L1 (64 sets of 64-byte lines): rows
// 2^j lines apart fall in 64 / 2^j sets (rows of 512 floats in 2 sets: 16 lines). With it, packing B paid even for a
// batch of 20: fc2's weight gradients (64 × 512 × 20, X's rows of 512) 65 -> 73-76 GFLOP/s.
static inline int rows_alias_in_l1(long kc, long ldb) {
    const long bytes = ldb * (long)sizeof(float);
    if (bytes % 64) return 0;  // rows that start at other offsets in their lines spread over the sets
    long lines = bytes / 64, sets = 64;
    while (sets > 1 && lines % 2 == 0) {
        lines /= 2;
        sets /= 2;
    }
    return kc > 8 * sets;
}

// Columns [j, j + columns) of B's rows k0 ..< k0 + kc (ldb floats apart) into a strip of 16 columns, k-major (value
// (k, c) at 16k + c); columns past `columns` are zeros.
INLINE void pack_strip(const float *b, long ldb, long j, long columns, long k0, long kc, float *strip) {
    const __m256i low = first_lanes8(columns), high = first_lanes8(columns - 8);
    for (long k = 0; k < kc; k++) {
        const float *row = b + (k0 + k) * ldb + j;
        float *out = strip + k * COLUMNS;
        if (columns == COLUMNS) {
            _mm256_store_ps(out, _mm256_loadu_ps(row));
            _mm256_store_ps(out + 8, _mm256_loadu_ps(row + 8));
        } else {
            _mm256_store_ps(out, _mm256_maskload_ps(row, low));
            _mm256_store_ps(out + 8, _mm256_maskload_ps(row + 8, high));
        }
    }
}

// op(B) is B, or with `transposeB` Bᵀ, a 16-column strip at a time for each panel of A: packed, or B's own rows where
// they lie (see PACKED_B_MIN_K). B's rows are ldb floats apart or, with `table`, where `bRows` says (then packed only
// when transposed); compiled once for each (broadcast_product_strided and _table): one instance with the choice made at
// run time lost 2-5 % on the strided A·Bᵀ products (scripts/gemm-shapes.c).
INLINE void broadcast_product(const int table, int transposeA, int transposeB, long m, long n, long k,
                              const float *a, long lda, const float *b, long ldb, const long *bRows, float beta,
                              float *c, long ldc) {
    float panel[PANEL_ROWS * BROADCAST_K_BLOCK] __attribute__((aligned(32)));
    float packedStrip[COLUMNS * BROADCAST_K_BLOCK] __attribute__((aligned(32)));
    const long blocks = (k + BROADCAST_K_BLOCK - 1) / BROADCAST_K_BLOCK;
    const long blockLength = ((k + blocks - 1) / blocks + 7) / 8 * 8;
    for (long k0 = 0; k0 < k; k0 += blockLength) {
        const long kc = min_long(blockLength, k - k0);
        for (long i0 = 0; i0 < m; i0 += PANEL_ROWS) {
            const long mc = min_long(PANEL_ROWS, m - i0);
            const int packsB = transposeB || (!table && ((kc >= PACKED_B_MIN_K && mc >= PACKED_B_MIN_ROWS)
                                                         || (mc > 2 * ROWS && rows_alias_in_l1(kc, ldb))));
            pack_rows(transposeA, a, lda, i0, mc, k0, kc, panel);
            for (long j = 0; j < n; j += COLUMNS) {
                const long columns = min_long(COLUMNS, n - j);
                const float *strip = table ? b + j : b + k0 * ldb + j;
                const long *stripRows = table ? bRows + k0 : 0;
                long stripStride = ldb;
                if (packsB) {
                    if (transposeB) pack_transposed_strip(b, ldb, bRows, j, columns, k0, kc, packedStrip);
                    else pack_strip(b, ldb, j, columns, k0, kc, packedStrip);
                    strip = packedStrip;
                    stripRows = 0;
                    stripStride = COLUMNS;
                }
                for (long i = 0, h; i < mc; i += h) {
                    h = tile_height(mc, i);
                    const float *rows = panel + i * kc;
                    float *tile = c + (i0 + i) * ldc + j;
                    const int first = k0 == 0;
#define TILE(r)                                                                                                   \
    broadcast_tile_rows(r, packsB, stripRows, kc, rows, strip, stripStride, tile, ldc, columns, first, beta)
                    switch (h) {
                    case 6: TILE(6); break;
                    case 5: TILE(5); break;
                    case 4: TILE(4); break;
                    case 3: TILE(3); break;
                    case 2: TILE(2); break;
                    default: TILE(1); break;
                    }
#undef TILE
                }
            }
        }
    }
}

AVX2 static void broadcast_product_strided(int transposeA, int transposeB, long m, long n, long k, const float *a,
                                           long lda, const float *b, long ldb, float beta, float *c, long ldc) {
    broadcast_product(0, transposeA, transposeB, m, n, k, a, lda, b, ldb, 0, beta, c, ldc);
}

AVX2 static void broadcast_product_table(int transposeB, long m, long n, long k, const float *a, long lda,
                                         const float *b, const long *bRows, float beta, float *c, long ldc) {
    broadcast_product(1, 0, transposeB, m, n, k, a, lda, b, 0, bRows, beta, c, ldc);
}

// The sum of a vector's 8 lanes: lanes l and l+4, then l and l+2, then l and l+1. The same tree for every element.
INLINE float sum_lanes(__m256 v) {
    const __m128 four = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
    return _mm_cvtss_f32(_mm_add_ss(two, _mm_movehdup_ps(two)));
}

// C's tile of `rows` ≤ 4 × `columns` ≤ 3 over one k block: rows of A · rows j … of B (b_row, from column k0 on).
// `prefetchNext`: B's rows are ldb floats apart, and the tile fetches the next column tile's ahead.
INLINE void dot_tile(long kc, const float *a, long lda, const float *b, long ldb, const long *bRows, long j, long k0,
                     float *c, long ldc, long rows, long columns, int firstBlock, float beta, int prefetchNext) {
    const float *rowsA[DOT_ROWS], *rowsB[DOT_COLUMNS];
    for (int r = 0; r < DOT_ROWS; r++) rowsA[r] = a + min_long(r, rows - 1) * lda;
    for (int t = 0; t < DOT_COLUMNS; t++) rowsB[t] = b_row(b, ldb, bRows, j + min_long(t, columns - 1)) + k0;
    __m256 sums[DOT_ROWS][DOT_COLUMNS];
    for (int r = 0; r < DOT_ROWS; r++)
        for (int j = 0; j < DOT_COLUMNS; j++) sums[r][j] = _mm256_setzero_ps();
    long k = 0;
    // As avx512_sgemm's dot tiles: the first row tile of each column tile fetches the next one's rows of B (a
    // layer's weights, often from memory) ahead.
#pragma clang loop unroll_count(2)
    for (; k + 8 <= kc; k += 8) {
        __m256 y[DOT_COLUMNS];
        for (int j = 0; j < DOT_COLUMNS; j++) y[j] = _mm256_loadu_ps(rowsB[j] + k);
        if (prefetchNext)
            for (int t = 0; t < DOT_COLUMNS; t++)
                _mm_prefetch((const char *)(rowsB[t] + DOT_COLUMNS * ldb + k), _MM_HINT_T0);
        for (int r = 0; r < DOT_ROWS; r++) {
            const __m256 x = _mm256_loadu_ps(rowsA[r] + k);
            for (int j = 0; j < DOT_COLUMNS; j++) sums[r][j] = _mm256_fmadd_ps(x, y[j], sums[r][j]);
        }
    }
    if (k < kc) {
        const __m256i lanes = first_lanes8(kc - k);
        __m256 y[DOT_COLUMNS];
        for (int j = 0; j < DOT_COLUMNS; j++) y[j] = _mm256_maskload_ps(rowsB[j] + k, lanes);
        for (int r = 0; r < DOT_ROWS; r++) {
            const __m256 x = _mm256_maskload_ps(rowsA[r] + k, lanes);
            for (int j = 0; j < DOT_COLUMNS; j++) sums[r][j] = _mm256_fmadd_ps(x, y[j], sums[r][j]);
        }
    }
    for (long r = 0; r < rows; r++) {
        float *line = c + r * ldc;
        for (long j = 0; j < columns; j++) {
            const float sum = sum_lanes(sums[r][j]);
            line[j] = !firstBlock ? line[j] + sum : beta == 0 ? sum : fmaf(beta, line[j], sum);
        }
    }
}

AVX2 static void dot_product(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                             const long *bRows, float beta, float *c, long ldc) {
    for (long k0 = 0; k0 < k; k0 += DOT_K_BLOCK) {
        const long kc = min_long(DOT_K_BLOCK, k - k0);
        // A tile of B's rows stays in L1 while A's rows pass over it; with B's rows ldb apart (a layer's weights,
        // often from memory), its first row tile fetches the next tile's ahead, as avx512_sgemm's dot tiles do.
        for (long j = 0; j < n; j += DOT_COLUMNS)
            for (long i = 0; i < m; i += DOT_ROWS)
                dot_tile(kc, a + i * lda + k0, lda, b, ldb, bRows, j, k0, c + i * ldc + j, ldc,
                         min_long(DOT_ROWS, m - i), min_long(DOT_COLUMNS, n - j), k0 == 0, beta, i == 0 && !bRows);
    }
}

// The product, with B's rows ldb floats apart or where `bRows` says.
AVX2 static void product(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                         const float *b, long ldb, const long *bRows, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (transposeA && transposeB) __builtin_trap();
    if (k <= 0) {
        scale_only(m, n, beta, c, ldc);
    } else if (transposeB && m < PACKED_B_ROWS && k >= DOT_MIN_K) {
        dot_product(m, n, k, a, lda, b, ldb, bRows, beta, c, ldc);
    } else if (bRows) {
        broadcast_product_table(transposeB, m, n, k, a, lda, b, bRows, beta, c, ldc);
    } else {
        broadcast_product_strided(transposeA, transposeB, m, n, k, a, lda, b, ldb, beta, c, ldc);
    }
}

AVX2 void avx2_sgemm(int transposeA, int transposeB, long m, long n, long k, const float *a, long lda,
                     const float *b, long ldb, float beta, float *c, long ldc) {
    product(transposeA, transposeB, m, n, k, a, lda, b, ldb, 0, beta, c, ldc);
}

AVX2 void avx2_sgemm_rows(int transposeB, long m, long n, long k, const float *a, long lda, const float *b,
                          const long *rows, float beta, float *c, long ldc) {
    product(0, transposeB, m, n, k, a, lda, b, 0, rows, beta, c, ldc);
}
