// Matrix products of the fully connected layers at small batches, without sgemm's packing and zeroing.
//
// At a batch of 20, fc1's forward product is 20 × 512 × 1568: sgemm packs all of W (3.2 MB read, 3.2 MB
// written) for 20 rows of work, and with beta = 0 it zeroes C in a pass of its own before accumulating into it.
// These kernels read every operand where it lies and write each entry of C once:
// - `dotProducts`, C = beta·C + A·Bᵀ (A: m×k, B: n×k, both by rows): each entry is the dot product of two
//   contiguous rows, 4 rows of A × 3 rows of B in 12 vector accumulators, the 3 rows of B (19 KB for fc1)
//   staying in L1 while every row of A passes. Linear's forward pass, Y = X·Wᵀ.
// - `broadcastProducts`, C = beta·C + op(A)·B (B: k×n by rows): each row of C a sum of B's rows weighted by
//   op(A)'s entries, 4 rows × 24 columns of C in 12 accumulators. Linear's dX = dY·W (k = outputs; only where
//   W fits in 1 MB, see `GemmKernel.linearInputGradient`) and dW = dYᵀ·X (k = batch: each block of dW is
//   computed in registers and stored once, no zeroing pass).
// `Gemm.multiply` runs the calls Linear marks `.skinny` here; GemmTrace records and replays them as it does
// sgemm's. `ReferenceKernels.matrixProduct` is the plain loop they are tested against.

enum SkinnyGemm {
    typealias V = SIMD8<Float>

    /// C = beta·C + op(A)·op(B), row-major, op(A) m×k, op(B) k×n; every transpose pair but (Aᵀ, Bᵀ).
    static func multiply(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        switch (transA, transB) {
        case (.none, .transposed):
            dotProducts(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        case (.none, .none):
            broadcastProducts(m: m, n: n, k: k, a: a, rowStride: lda, innerStride: 1, b: b, ldb: ldb,
                              beta: beta, c: c, ldc: ldc)
        case (.transposed, .none):
            broadcastProducts(m: m, n: n, k: k, a: a, rowStride: 1, innerStride: lda, b: b, ldb: ldb,
                              beta: beta, c: c, ldc: ldc)
        case (.transposed, .transposed):
            preconditionFailure("SkinnyGemm has no kernel for Aᵀ·Bᵀ")
        }
    }

    /// `target` = beta·`target` + `value`; with beta = 0 the old value is not read (it may be anything).
    @inline(__always)
    private static func store(_ value: Float, _ target: UnsafeMutablePointer<Float>, beta: Float) {
        target.pointee = beta == 0 ? value : beta * target.pointee + value
    }

    @inline(__always)
    private static func store(_ value: V, _ target: UnsafeMutablePointer<Float>, beta: Float) {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: beta == 0 ? value : beta * raw.loadUnaligned(as: V.self) + value, as: V.self)
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    // MARK: C = beta·C + A·Bᵀ

    /// C (m×n) = beta·C + A (m×k) · Bᵀ, B n×k: entry (i, j) is row i of A dotted with row j of B.
    static func dotProducts(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                            ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for j in stride(from: 0, to: n, by: 3) {
            for i in stride(from: 0, to: m, by: 4) {
                dotTile(rows: min(4, m - i), columns: min(3, n - j), k: k, a: a + i * lda, lda: lda,
                        b: b + j * ldb, ldb: ldb, beta: beta, c: c + i * ldc + j, ldc: ldc)
            }
        }
    }

    /// Up to 4 rows of A × up to 3 rows of B. A short tile repeats its last row: computed, never stored.
    @inline(__always)
    private static func dotTile(rows: Int, columns: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>,
                                ldc: Int) {
        let a0 = a, a1 = a + min(1, rows - 1) * lda, a2 = a + min(2, rows - 1) * lda, a3 = a + min(3, rows - 1) * lda
        let b0 = b, b1 = b + min(1, columns - 1) * ldb, b2 = b + min(2, columns - 1) * ldb
        var s00 = V(), s01 = V(), s02 = V(), s10 = V(), s11 = V(), s12 = V()
        var s20 = V(), s21 = V(), s22 = V(), s30 = V(), s31 = V(), s32 = V()
        let whole = k / 8 * 8
        var p = 0
        while p < whole {
            let w0 = load(b0 + p), w1 = load(b1 + p), w2 = load(b2 + p)
            let x0 = load(a0 + p)
            s00.addProduct(x0, w0); s01.addProduct(x0, w1); s02.addProduct(x0, w2)
            let x1 = load(a1 + p)
            s10.addProduct(x1, w0); s11.addProduct(x1, w1); s12.addProduct(x1, w2)
            let x2 = load(a2 + p)
            s20.addProduct(x2, w0); s21.addProduct(x2, w1); s22.addProduct(x2, w2)
            let x3 = load(a3 + p)
            s30.addProduct(x3, w0); s31.addProduct(x3, w1); s32.addProduct(x3, w2)
            p += 8
        }
        /// Entry (r, q) of the tile: its lanes summed, plus the products past the last whole vector.
        func finish(_ r: Int, _ q: Int, _ rowA: UnsafePointer<Float>, _ rowB: UnsafePointer<Float>, _ sum: V) {
            guard r < rows, q < columns else { return }
            var total = sum.sum()
            for tail in whole..<k { total += rowA[tail] * rowB[tail] }
            store(total, c + r * ldc + q, beta: beta)
        }
        finish(0, 0, a0, b0, s00); finish(0, 1, a0, b1, s01); finish(0, 2, a0, b2, s02)
        finish(1, 0, a1, b0, s10); finish(1, 1, a1, b1, s11); finish(1, 2, a1, b2, s12)
        finish(2, 0, a2, b0, s20); finish(2, 1, a2, b1, s21); finish(2, 2, a2, b2, s22)
        finish(3, 0, a3, b0, s30); finish(3, 1, a3, b1, s31); finish(3, 2, a3, b2, s32)
    }

    // MARK: C = beta·C + op(A)·B

    /// Rows of B per pass of `broadcastProducts` (at most): 32 rows of fc1's W are 200 KB, in L2 while every row of
    /// C passes over them. A compromise: at batch 20, 16 / 32 / 64 rows took 451 / 480 / 540 µs for fc1's dX
    /// (3.2 MB of W) and 91 / 88 / 79 µs for fc2's (512 KB); dW (k = the batch, one pass) alike.
    static let passRows = 32

    /// C (m×n) = beta·C + op(A) (m×k) · B (k×n), op(A)(r, p) at a[r·rowStride + p·innerStride]: row r of C
    /// is the sum over p of op(A)(r, p) times row p of B.
    static func broadcastProducts(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, rowStride: Int, innerStride: Int,
                                  b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>,
                                  ldc: Int) {
        let wide = n / 24 * 24, vectors = n / 8 * 8
        // B is read once from memory, a pass of its rows at a time, each row from start to end (the
        // prefetchers follow it); C is written row by row. Later passes add to C.
        let passes = max(1, (k + passRows - 1) / passRows), step = max(1, (k + passes - 1) / passes)
        for first in stride(from: 0, to: max(k, 1), by: step) {
            let rows = min(step, k - first), passBeta = first == 0 ? beta : 1
            let passA = a + first * innerStride, passB = b + first * ldb
            for i in stride(from: 0, to: m, by: 4) {
                let tileRows = min(4, m - i), tileA = passA + i * rowStride, tileC = c + i * ldc
                for j in stride(from: 0, to: wide, by: 24) {
                    broadcastTile(ThreeVectors.self, rows: tileRows, k: rows, a: tileA, rowStride: rowStride,
                                  innerStride: innerStride, b: passB + j, ldb: ldb, beta: passBeta, c: tileC + j, ldc: ldc)
                }
                for j in stride(from: wide, to: vectors, by: 8) {
                    broadcastTile(OneVector.self, rows: tileRows, k: rows, a: tileA, rowStride: rowStride,
                                  innerStride: innerStride, b: passB + j, ldb: ldb, beta: passBeta, c: tileC + j, ldc: ldc)
                }
                // The last columns, fewer than a vector.
                for r in 0..<tileRows {
                    for j in vectors..<n {
                        var total: Float = 0
                        for p in 0..<rows { total += tileA[r * rowStride + p * innerStride] * passB[p * ldb + j] }
                        store(total, tileC + r * ldc + j, beta: passBeta)
                    }
                }
            }
        }
    }

    /// Up to 4 rows × `Width.vectors` vectors of C. A short tile repeats its last row of op(A): computed,
    /// never stored.
    @inline(__always)
    private static func broadcastTile<Width: TileWidth>(_: Width.Type, rows: Int, k: Int, a: UnsafePointer<Float>,
                                                        rowStride: Int, innerStride: Int, b: UnsafePointer<Float>,
                                                        ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let wide = Width.vectors == 3
        let a0 = a, a1 = a + min(1, rows - 1) * rowStride
        let a2 = a + min(2, rows - 1) * rowStride, a3 = a + min(3, rows - 1) * rowStride
        var s00 = V(), s01 = V(), s02 = V(), s10 = V(), s11 = V(), s12 = V()
        var s20 = V(), s21 = V(), s22 = V(), s30 = V(), s31 = V(), s32 = V()
        for p in 0..<k {
            let row = b + p * ldb, offset = p * innerStride
            let w0 = load(row), w1 = wide ? load(row + 8) : V(), w2 = wide ? load(row + 16) : V()
            // One broadcast at a time: 12 sums, 3 rows of B and 1 entry of A fill the 16 registers.
            @inline(__always)
            func addRow(_ x: Float, _ sum0: inout V, _ sum1: inout V, _ sum2: inout V) {
                sum0.addProduct(w0, x)
                if wide { sum1.addProduct(w1, x); sum2.addProduct(w2, x) }
            }
            addRow(a0[offset], &s00, &s01, &s02)
            addRow(a1[offset], &s10, &s11, &s12)
            addRow(a2[offset], &s20, &s21, &s22)
            addRow(a3[offset], &s30, &s31, &s32)
        }
        func finish(_ r: Int, _ sums: (V, V, V)) {
            guard r < rows else { return }
            let line = c + r * ldc
            store(sums.0, line, beta: beta)
            if wide {
                store(sums.1, line + 8, beta: beta)
                store(sums.2, line + 16, beta: beta)
            }
        }
        finish(0, (s00, s01, s02)); finish(1, (s10, s11, s12)); finish(2, (s20, s21, s22)); finish(3, (s30, s31, s32))
    }
}

/// How many vectors of C a tile of `broadcastProducts` spans, as a type, so that each width is compiled apart.
private protocol TileWidth { static var vectors: Int { get } }
private enum ThreeVectors: TileWidth { static var vectors: Int { 3 } }
private enum OneVector: TileWidth { static var vectors: Int { 1 } }
