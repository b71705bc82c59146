// SkinnyGemm (the fully connected layers' products at small batches) against plain loops: each kernel on
// shapes that are and are not multiples of its tiles (4 × 3 dot products, 4 × 24 broadcast tiles) and of
// the 8 lanes, one row included, strides wider than the matrices, beta 0 and 1; then Linear on 1 and 2 threads.
@testable import NeuralNet
import Testing

@Suite("SkinnyGemm against plain loops")
struct SkinnyGemmTests {
    /// (m, n, k): ones, tile multiples, tails of every kind, and fc1's forward, dX and dW shapes at batch 20.
    static let shapes = [(1, 1, 1), (1, 10, 256), (4, 3, 8), (4, 24, 16), (5, 7, 9), (13, 50, 33), (3, 31, 5),
                         (20, 512, 1568), (20, 1568, 512), (64, 1568, 20), (1, 1568, 512)]

    @Test(arguments: [(Transpose.none, Transpose.transposed), (.none, .none), (.transposed, .none)], [Float(0), 1])
    func kernelMatchesPlainLoop(transposes: (Transpose, Transpose), beta: Float) {
        let (transA, transB) = transposes
        var rng = SplitMix64(seed: 31)
        for (m, n, k) in Self.shapes {
            // Strides 3 wider than the matrices: the kernels must keep to their rows.
            let aRows = transA == .none ? m : k, aColumns = transA == .none ? k : m
            let bRows = transB == .none ? k : n, bColumns = transB == .none ? n : k
            let lda = aColumns + 3, ldb = bColumns + 3, ldc = n + 3
            let a = (0..<aRows * lda).map { _ in rng.nextUniform() - 0.5 }
            let b = (0..<bRows * ldb).map { _ in rng.nextUniform() - 0.5 }
            // With beta = 0 the old C is NaN: a kernel that reads it fails.
            let c = (0..<m * ldc).map { _ in beta == 0 ? Float.nan : rng.nextUniform() - 0.5 }
            let expected = ReferenceKernels.matrixProduct(transposingA: transA == .transposed, transposingB: transB == .transposed,
                                                          m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                                          beta: beta, c: c, ldc: ldc)
            var result = c
            result.withUnsafeMutableBufferPointer { result in
                Gemm.multiply(transA, transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
                              c: result.baseAddress!, ldc: ldc, kernel: .skinny)
            }
            var worst: Float = 0, padding = true
            for i in 0..<m {
                for j in 0..<ldc {
                    let index = i * ldc + j
                    if j < n {
                        worst = max(worst, abs(result[index] - expected[index]))
                    } else {
                        padding = padding && (result[index].isNaN ? c[index].isNaN : result[index] == c[index])
                    }
                }
            }
            #expect(worst < 1e-4 * Float(max(1, k / 64)), "\(m)×\(n)×\(k): largest difference \(worst)")
            #expect(padding, "\(m)×\(n)×\(k): wrote past its columns")
        }
    }

    /// Linear's forward pass, dX, dW and db against plain loops on 1 and 2 threads, at batches that take
    /// SkinnyGemm with OpenBLAS's AVX2 kernels (1, 7, 20) and at one that takes sgemm (just above the limit), with
    /// feature counts that are not multiples of the tiles or of the parts' 16-row granule.
    @Test(arguments: [1, 7, 20, Gemm.skinnyBatchLimit + 1], [1, 2])
    func linearMatchesPlainLoops(batch: Int, threads: Int) {
        let outputs = 37, inputs = 203
        let store = ParameterStore(specs: [("w", [outputs, inputs]), ("b", [outputs])])
        var rng = SplitMix64(seed: 7)
        let weights = (0..<outputs * inputs).map { _ in rng.nextUniform() - 0.5 }
        let bias = (0..<outputs).map { _ in rng.nextUniform() - 0.5 }
        store.write(store["w"], weights)
        store.write(store["b"], bias)
        let x = (0..<batch * inputs).map { _ in rng.nextUniform() }
        let dy = (0..<batch * outputs).map { _ in rng.nextUniform() - 0.5 }
        let linear = Linear(store, weight: "w", bias: "b")
        let context = PassContext(pool: ComputePool(width: threads), training: true)
        let y = linear.forward(Tensor(shape: [batch, inputs], values: x), context).values
        let dx = linear.backward(Tensor(shape: [batch, outputs], values: dy), context, needsInputGradient: true)!.values
        let expectedY = ReferenceKernels.linear(input: x, batch: batch, weight: weights, bias: bias)
        let expectedDX = ReferenceKernels.matrixProduct(transposingA: false, transposingB: false, m: batch, n: inputs,
                                                        k: outputs, a: dy, lda: outputs, b: weights, ldb: inputs,
                                                        beta: 0, c: [Float](repeating: 0, count: batch * inputs), ldc: inputs)
        let expectedDW = ReferenceKernels.matrixProduct(transposingA: true, transposingB: false, m: outputs, n: inputs,
                                                        k: batch, a: dy, lda: outputs, b: x, ldb: inputs,
                                                        beta: 0, c: weights, ldc: inputs)
        let expectedDB = (0..<outputs).map { o in (0..<batch).reduce(Float(0)) { $0 + dy[$1 * outputs + o] } }
        func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
            #expect(a.count == b.count)
            return zip(a, b).map { abs($0 - $1) }.max() ?? 0
        }
        #expect(largestDifference(y, expectedY) < 1e-4)
        #expect(largestDifference(dx, expectedDX) < 1e-4)
        #expect(largestDifference(store.readGradient(store["w"]), expectedDW) < 1e-4)
        #expect(largestDifference(store.readGradient(store["b"]), expectedDB) < 1e-4)
    }
}
