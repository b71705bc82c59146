// Matrix products on OpenBLAS's cblas_sgemm, split over a ComputePool by blocks of C.
import CBLAS
import Foundation

enum Transpose: Sendable {
    case none, transposed
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// A block of the rows and columns of a result matrix C.
struct MatrixBlock: Sendable {
    let rows: Range<Int>
    let columns: Range<Int>
}

public enum Gemm {
    /// Makes OpenBLAS single-threaded; our ComputePool provides the parallelism.
    public static func useSingleThreadedBLAS() {
        openblas_set_num_threads(1)
    }

    /// The CPU kernels OpenBLAS chose, e.g. "Haswell" (AVX2) or "Cooperlake" (AVX-512); the
    /// environment variable OPENBLAS_CORETYPE overrides its choice.
    public static var blasKernels: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// A part's share of an M×N result: a slab of its columns when N is the larger side, else of
    /// its rows. Parts write disjoint blocks, so they need no reduction.
    static func block(_ part: Int, of parts: Int, m: Int, n: Int) -> MatrixBlock {
        if n >= m {
            return MatrixBlock(rows: 0..<m, columns: ComputePool.range(part: part, of: parts, count: n, granule: 16))
        }
        return MatrixBlock(rows: ComputePool.range(part: part, of: parts, count: m, granule: 4), columns: 0..<n)
    }

    /// C = alpha · op(A) · op(B) + beta · C, row-major, on the calling thread.
    /// op(A) is M×K, op(B) is K×N, C is M×N.
    @inline(__always)
    static func multiply(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                                alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        GemmTrace.note(GemmTrace.Call(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
                                      beta: beta, thread: pthread_self()))
        cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The `block` of C = op(A) · op(B) + beta · C, where A, B and C are the whole matrices.
    @inline(__always)
    static func multiply(_ block: MatrixBlock, _ transA: Transpose, _ transB: Transpose, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        // Row i of op(A) starts at A + i·lda (plain) or A + i (transposed); column j of op(B) at
        // B + j (plain) or B + j·ldb (transposed).
        let row = block.rows.lowerBound, column = block.columns.lowerBound
        let aStart = transA == .none ? a + row * lda : a + row
        let bStart = transB == .none ? b + column : b + column * ldb
        multiply(transA, transB, m: block.rows.count, n: block.columns.count, k: k, a: aStart, lda: lda,
                 b: bStart, ldb: ldb, beta: beta, c: c + row * ldc + column, ldc: ldc)
    }
}
