// Matrix products on our AVX-512 kernels where the CPU has them, else on OpenBLAS's cblas_sgemm, or on SkinnyGemm's
// kernels for the fully connected layers at small batches; split over a ComputePool by blocks of C. Every product
// of the engine goes through `Gemm.multiply`, so GemmTrace (bench's GEMM floor) sees them all, whoever computes them.
import CAVX512
import CBLAS
import Foundation
import Synchronization

enum Transpose: Sendable {
    case none, transposed
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Who computes a product: OpenBLAS's sgemm; SkinnyGemm (no packing, no zeroing pass), which beats OpenBLAS's AVX2
/// kernels for the fully connected layers' products at small batches; or `avx512_sgemm` (CAVX512), register tiles
/// of 16-lane vectors, where the CPU has AVX-512.
enum GemmKernel: Sendable {
    case blas, skinny, avx512

    /// The kernel for products without a choice of their own: `avx512` where the CPU has AVX-512 and
    /// `Gemm.usesOwnKernels` is on, else OpenBLAS.
    static var general: GemmKernel { Gemm.usesOwnKernels ? .avx512 : .blas }

    /// The kernel for a fully connected layer's products at this batch size (measured: see `skinnyBatchLimit`).
    static func linear(batch: Int) -> GemmKernel {
        if Gemm.usesOwnKernels { return .avx512 }
        return batch <= Gemm.skinnyBatchLimit ? .skinny : .blas
    }

    /// The kernel for a fully connected layer's dX = dY·W. SkinnyGemm reads W by slabs of 32 rows, 32 streams
    /// at once: where W is larger than L2 and comes from memory (the CNN's fc1, 3.2 MB), sgemm, which packs W in
    /// one sequential read, was faster (caches flushed before each call, batch 20: SkinnyGemm 1.20–1.35× sgemm's
    /// time for fc1's dX, 0.87–1.06× for fc2's, 512 KB; with fc1's dX on SkinnyGemm the CNN trained no faster).
    static func linearInputGradient(batch: Int, weights: Int) -> GemmKernel {
        let kernel = linear(batch: batch)
        return kernel == .skinny && weights * MemoryLayout<Float>.size > 1 << 20 ? .blas : kernel
    }
}

/// A block of the rows and columns of a result matrix C.
struct MatrixBlock: Sendable {
    let rows: Range<Int>
    let columns: Range<Int>
}

public enum Gemm {
    /// Whether products run on our AVX-512 kernels (GemmKernel.avx512): on where the CPU has AVX-512. `bench --gemm
    /// openblas` turns it off to compare; it takes effect at the next product.
    public static var usesOwnKernels: Bool {
        get { ownKernelsSetting.load(ordering: .relaxed) }
        set { ownKernelsSetting.store(newValue && cpuHasAVX512, ordering: .relaxed) }
    }
    private static let ownKernelsSetting = Atomic<Bool>(cpuHasAVX512)
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

    /// A part's share of an M×N result: a slab of its columns when N is the larger side, else of
    /// its rows. Parts write disjoint blocks, so they need no reduction.
    static func block(_ part: Int, of parts: Int, m: Int, n: Int) -> MatrixBlock {
        if n >= m {
            return MatrixBlock(rows: 0..<m, columns: ComputePool.range(part: part, of: parts, count: n, granule: 16))
        }
        return MatrixBlock(rows: ComputePool.range(part: part, of: parts, count: m, granule: 4), columns: 0..<n)
    }

    /// Batch sizes up to which Linear's products take SkinnyGemm rather than sgemm. With OpenBLAS's AVX2 kernels,
    /// measured on one Zen 3 core (OpenBLAS 0.3.21, Zen kernels), thread CPU time of fc1's, fc2's and out's products
    /// alone, SkinnyGemm's time over sgemm's: at a batch of 20, 0.80–0.86 forward, 0.83–1.02 dX, 0.66–0.73 dW; at
    /// 32, 0.91–1.01, 0.91–1.13, 0.77–0.92; at 64, 1.04–1.18, 1.03–1.28, 0.99–1.12; at 128, 1.23–1.36 forward.
    /// None with OpenBLAS's AVX-512 kernels: their sgemm has small-matrix kernels that skip the packing, at twice
    /// SkinnyGemm's vector width (AVX2, as the rest of the build); on a Zen 5, batch 20, 2 threads, the epoch was
    /// faster on sgemm (medians of 5 alternated rounds: CNN 3.96 s against 4.42 s, FCNN 0.95 s against 1.06 s).
    static let skinnyBatchLimit = blasHasAVX512Kernels ? 0 : 32

    /// Whether OpenBLAS runs its AVX-512 kernels (its choice for the CPU, or OPENBLAS_CORETYPE's).
    static var blasHasAVX512Kernels: Bool {
        ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(blasKernels)
    }

    /// C = alpha · op(A) · op(B) + beta · C, row-major, on the calling thread.
    /// op(A) is M×K, op(B) is K×N, C is M×N. `.skinny` and `.avx512` take alpha = 1 and not both transposed.
    @inline(__always)
    static func multiply(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                                alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, kernel: GemmKernel = .general) {
        guard m > 0, n > 0 else { return }
        GemmTrace.note(GemmTrace.Call(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
                                      beta: beta, kernel: kernel, thread: pthread_self(), unfolded: nil))
        switch kernel {
        case .blas:
            cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        case .skinny:
            precondition(alpha == 1, "SkinnyGemm computes alpha = 1 only")
            SkinnyGemm.multiply(transA, transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        case .avx512:
            precondition(alpha == 1 && (transA == .none || transB == .none), "avx512_sgemm computes alpha = 1, not Aᵀ·Bᵀ")
            avx512_sgemm(transA == .transposed ? 1 : 0, transB == .transposed ? 1 : 0, m, n, k, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// C = A · op(U) + beta · C on the calling thread, where U is `patches`' im2col matrix of `image` (patch rows ×
    /// pixels), read from the image (avx512_sgemm_unfolded): op(U) = U (k × n) for a forward pass, Uᵀ (k × n) for
    /// weight gradients. Our AVX-512 kernels only (`UnfoldedPatches.areUsed`); a whole product, never a block.
    @inline(__always)
    static func multiply(_ transB: Transpose, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         unfolding image: UnsafePointer<Float>, _ patches: UnfoldedPatches, beta: Float,
                         c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        GemmTrace.note(GemmTrace.Call(transA: .none, transB: transB, m: m, n: n, k: k, lda: lda, ldb: 0, ldc: ldc,
                                      beta: beta, kernel: .avx512, thread: pthread_self(), unfolded: patches))
        avx512_sgemm_unfolded(transB == .transposed ? 1 : 0, m, n, k, a, lda, image, patches.offsets.baseAddress,
                              patches.taps.baseAddress, patches.masks.baseAddress, patches.maskStride, beta, c, ldc)
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
