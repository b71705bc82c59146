// Matrix products on our register-tiled kernels (CAVX512: avx512_sgemm where the CPU has AVX-512, else avx2_sgemm),
// or on OpenBLAS's cblas_sgemm when `Gemm.usesOwnKernels` is off (`bench --gemm openblas`); split over a ComputePool by
// blocks of C. Every product of the engine goes through `Gemm.multiply`, so GemmTrace (bench's GEMM floor) sees them
// all, whoever computes them.
import CAVX512
import CBLAS
import Foundation
import Synchronization

enum Transpose: Sendable {
    case none, transposed
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Who computes a product: OpenBLAS's sgemm, or our kernels (CAVX512): `avx512_sgemm` on 16-lane vectors where the
/// CPU has AVX-512, else `avx2_sgemm` on 8.
enum GemmKernel: Sendable {
    case blas, avx2, avx512

    /// Our kernels for this CPU.
    static var own: GemmKernel { Gemm.cpuHasAVX512 ? .avx512 : .avx2 }

    /// The kernel of every product: ours while `Gemm.usesOwnKernels` is on, else OpenBLAS.
    static var general: GemmKernel { Gemm.usesOwnKernels ? own : .blas }
}

/// A block of the rows and columns of a result matrix C.
struct MatrixBlock: Sendable {
    let rows: Range<Int>
    let columns: Range<Int>
}

public enum Gemm {
    /// Whether products run on our kernels (GemmKernel.own), as they do by default. `bench --gemm openblas` turns it
    /// off to compare; it takes effect at the next product.
    public static var usesOwnKernels: Bool {
        get { ownKernelsSetting.load(ordering: .relaxed) }
        set { ownKernelsSetting.store(newValue, ordering: .relaxed) }
    }
    private static let ownKernelsSetting = Atomic<Bool>(true)

    /// Who computes the products now, for reports: "avx512" or "avx2" (ours), or "openblas".
    public static var kernelsInUse: String {
        switch GemmKernel.general {
        case .avx512: "avx512"
        case .avx2: "avx2"
        case .blas: "openblas"
        }
    }
    public static let cpuHasAVX512 = avx512_available() == 1

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

    /// C = alpha · op(A) · op(B) + beta · C, row-major, on the calling thread.
    /// op(A) is M×K, op(B) is K×N, C is M×N. All but `.blas` take alpha = 1 and not both transposed.
    @inline(__always)
    static func multiply(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                                alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: GemmKernel = .general) {
        guard m > 0, n > 0 else { return }
        GemmTrace.note(GemmTrace.Call(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
                                      beta: beta, kernel: kernel, thread: pthread_self(), patches: nil))
        switch kernel {
        case .blas:
            cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        case .avx2, .avx512:
            precondition(alpha == 1 && (transA == .none || transB == .none), "our kernels compute alpha = 1, not Aᵀ·Bᵀ")
            let ta: Int32 = transA == .transposed ? 1 : 0, tb: Int32 = transB == .transposed ? 1 : 0
            if kernel == .avx512 {
                avx512_sgemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc)
            } else {
                avx2_sgemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc)
            }
        }
    }

    /// C = A · op(U) + beta · C on the calling thread, where U is `patches`' im2col matrix of an image (patch rows ×
    /// pixels), never unfolded: op(U) = U (k × n) for a forward pass, Uᵀ (k × n) for weight gradients. `source` is
    /// the image, read through masks by avx512_sgemm_unfolded (`.image`, our AVX-512 kernels), or its bordered planes
    /// (ConvGeometry.borderPlanes), read through the patches' `planeRows` by avx2_sgemm_rows (`.borderedPlanes`, our
    /// AVX2 kernels). A whole product, never a block.
    @inline(__always)
    static func multiply(_ transB: Transpose, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         patchesOf source: UnsafePointer<Float>, _ read: PatchReading, beta: Float,
                         c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        GemmTrace.note(GemmTrace.Call(transA: .none, transB: transB, m: m, n: n, k: k, lda: lda, ldb: 0, ldc: ldc,
                                      beta: beta, kernel: read.reading == .image ? .avx512 : .avx2,
                                      thread: pthread_self(), patches: read))
        let tb: Int32 = transB == .transposed ? 1 : 0, patches = read.patches
        switch read.reading {
        case .image:
            avx512_sgemm_unfolded(tb, m, n, k, a, lda, source, patches.offsets.baseAddress, patches.taps.baseAddress,
                                  patches.masks.baseAddress, patches.maskStride, beta, c, ldc)
        case .borderedPlanes:
            avx2_sgemm_rows(tb, m, n, k, a, lda, source, patches.planeRows.baseAddress, beta, c, ldc)
        }
    }

    /// The `block` of C = op(A) · op(B) + beta · C, where A, B and C are the whole matrices.
    @inline(__always)
    static func multiply(_ block: MatrixBlock, _ transA: Transpose, _ transB: Transpose, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: GemmKernel = .general) {
        // Row i of op(A) starts at A + i·lda (plain) or A + i (transposed); column j of op(B) at
        // B + j (plain) or B + j·ldb (transposed).
        let row = block.rows.lowerBound, column = block.columns.lowerBound
        let aStart = transA == .none ? a + row * lda : a + row
        let bStart = transB == .none ? b + column : b + column * ldb
        multiply(transA, transB, m: block.rows.count, n: block.columns.count, k: k, a: aStart, lda: lda,
                 b: bStart, ldb: ldb, beta: beta, c: c + row * ldc + column, ldc: ldc, kernel: kernel)
    }
}
