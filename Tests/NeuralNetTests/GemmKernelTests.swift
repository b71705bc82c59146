// The engine's own GEMM kernels against plain loops: avx2_sgemm (every x86-64 CPU of this kind) and, where the CPU
// has AVX-512, avx512_sgemm. Each on shapes that are and are not multiples of its tiles (avx2_sgemm: 6 × 16
// broadcast tiles in 204-row panels, 4 × 3 dot tiles below 48 rows of A·Bᵀ with k from 256 on, broadcast tiles on
// packed strips of Bᵀ otherwise, on B in place or on its packed strips by the panel's rows and the k block's length,
// k blocks of up to 256 cut evenly and of 2048; avx512_sgemm: 8 × 48 and 4 × 4
// tiles, 64-row panels, k blocks of 256 and 512) and of the vector lanes, one row included, strides wider than the
// matrices, several values of beta; blocks against whole products, bit for bit; then Linear on 1 and 2 threads.
@testable import NeuralNet
import Testing

@Suite("GEMM kernels against plain loops")
struct GemmKernelTests {
    /// (m, n, k): ones, tile multiples, tails of every kind, fc1's forward, dX and dW shapes at batch 20, conv2's
    /// three products, and shapes over several of the kernels' panels and k blocks (250 rows: a panel whose strips of B
    /// are packed, then one of 46 rows that reads B in place).
    static let shapes = [(1, 1, 1), (1, 10, 256), (4, 3, 8), (4, 24, 16), (5, 7, 9), (13, 50, 33), (3, 31, 5),
                         (20, 512, 1568), (20, 1568, 512), (64, 1568, 20), (1, 1568, 512),
                         (32, 196, 144), (144, 196, 32), (32, 144, 196), (70, 45, 600), (129, 33, 257),
                         (250, 37, 100), (5, 7, 2100)]
    static let kernels: [GemmKernel] = Gemm.cpuHasAVX512 ? [.avx2, .avx512] : [.avx2]

    /// Random matrices for op(A) (m×k), op(B) (k×n) and C (m×n), each with a stride 3 wider than its rows: the
    /// kernels must keep to their rows. With beta = 0 the old C is NaN: a kernel that reads it fails.
    struct Operands {
        let a: [Float], lda: Int, b: [Float], ldb: Int, c: [Float], ldc: Int

        init(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, beta: Float, rng: inout SplitMix64) {
            let aRows = transA == .none ? m : k, aColumns = transA == .none ? k : m
            let bRows = transB == .none ? k : n, bColumns = transB == .none ? n : k
            lda = aColumns + 3
            ldb = bColumns + 3
            ldc = n + 3
            a = (0..<aRows * lda).map { _ in rng.nextUniform() - 0.5 }
            b = (0..<bRows * ldb).map { _ in rng.nextUniform() - 0.5 }
            c = (0..<m * ldc).map { _ in beta == 0 ? Float.nan : rng.nextUniform() - 0.5 }
        }
    }

    @Test(arguments: kernels, [(Transpose.none, Transpose.transposed), (.none, .none), (.transposed, .none)])
    func kernelMatchesPlainLoop(kernel: GemmKernel, transposes: (Transpose, Transpose)) {
        let (transA, transB) = transposes
        var rng = SplitMix64(seed: 31)
        for beta: Float in [0, 1, 0.5] {
            for (m, n, k) in Self.shapes {
                let x = Operands(transA, transB, m: m, n: n, k: k, beta: beta, rng: &rng)
                let expected = ReferenceKernels.matrixProduct(transposingA: transA == .transposed,
                                                              transposingB: transB == .transposed, m: m, n: n, k: k,
                                                              a: x.a, lda: x.lda, b: x.b, ldb: x.ldb, beta: beta,
                                                              c: x.c, ldc: x.ldc)
                var result = x.c
                result.withUnsafeMutableBufferPointer { result in
                    Gemm.multiply(transA, transB, m: m, n: n, k: k, a: x.a, lda: x.lda, b: x.b, ldb: x.ldb,
                                  beta: beta, c: result.baseAddress!, ldc: x.ldc, kernel: kernel)
                }
                var worst: Float = 0, padding = true
                for i in 0..<m {
                    for j in 0..<x.ldc {
                        let index = i * x.ldc + j
                        if j < n {
                            worst = max(worst, abs(result[index] - expected[index]))
                        } else {
                            padding = padding && (result[index].isNaN ? x.c[index].isNaN : result[index] == x.c[index])
                        }
                    }
                }
                #expect(worst < 1e-4 * Float(max(1, k / 64)), "\(m)×\(n)×\(k), beta \(beta): largest difference \(worst)")
                #expect(padding, "\(m)×\(n)×\(k): wrote past its columns")
            }
        }
    }

    /// How a product is split over threads must not change its result: blocks of C computed alone (cut through
    /// tiles, panels and vectors) equal the whole product computed at once, bit for bit. avx2_sgemm picks its A·Bᵀ
    /// tiles by the rows of C (dot tiles below 48), so those products are cut by columns only, as Linear cuts them.
    @Test(arguments: kernels, [(Transpose.none, Transpose.transposed), (.none, .none), (.transposed, .none)])
    func blocksEqualTheWholeProduct(kernel: GemmKernel, transposes: (Transpose, Transpose)) {
        let (transA, transB) = transposes
        let cutsRows = kernel == .avx512 || transB == .none
        var rng = SplitMix64(seed: 5)
        for (m, n, k) in [(70, 45, 600), (32, 196, 144), (20, 512, 300), (250, 37, 100)] {
            let x = Operands(transA, transB, m: m, n: n, k: k, beta: 1, rng: &rng)
            func product(rowCuts: [Int], columnCuts: [Int]) -> [Float] {
                var c = x.c
                c.withUnsafeMutableBufferPointer { c in
                    for (rows, columns) in zip(rowCuts.dropLast(), rowCuts.dropFirst()).flatMap({ rows in
                        zip(columnCuts.dropLast(), columnCuts.dropFirst()).map { (rows.0..<rows.1, $0.0..<$0.1) }
                    }) {
                        Gemm.multiply(MatrixBlock(rows: rows, columns: columns), transA, transB, k: k, a: x.a,
                                      lda: x.lda, b: x.b, ldb: x.ldb, beta: 1, c: c.baseAddress!, ldc: x.ldc,
                                      kernel: kernel)
                    }
                }
                return c
            }
            let whole = product(rowCuts: [0, m], columnCuts: [0, n])
            let blocks = product(rowCuts: cutsRows ? [0, 3, 13, m] : [0, m], columnCuts: [0, 5, 21, n])
            #expect(whole.map(\.bitPattern) == blocks.map(\.bitPattern), "\(m)×\(n)×\(k)")
        }
    }

    /// Both ways of reading an image's patches without unfolding them (avx512_sgemm_unfolded from the image where the
    /// CPU has AVX-512; avx2_sgemm_rows from its bordered planes on every CPU): the forward product W · U and the weight
    /// gradients dY · Uᵀ must equal the same kernel family's on the patches unfolded into memory, bit for bit, borders
    /// included. Geometries: conv2's; 3×3 and 5×5 kernels on sizes whose pixels are and are not multiples of 16 and
    /// 48 (the masks' vectors, the broadcast tiles' strips), patch rows not a multiple of the 4-row dot tiles, output
    /// channels not a multiple of the panels, a 1×1 kernel, images of one row and of one pixel; and weight gradients
    /// of 784 pixels on 8 rows, which avx2_sgemm computes in dot tiles.
    @Test(arguments: [(16, 32, 3, 14, 14), (3, 5, 3, 9, 11), (2, 9, 5, 7, 5), (4, 8, 3, 28, 28), (5, 3, 1, 6, 4),
                      (2, 4, 3, 1, 21), (3, 2, 3, 1, 1), (1, 11, 5, 12, 12)])
    func productsOnPatchesNeverUnfoldedEqualUnfoldingFirst(channels: Int, outputs: Int, kernel: Int, height: Int,
                                                           width: Int) {
        let g = ConvGeometry(inputChannels: channels, outputChannels: outputs, kernel: kernel, padding: kernel / 2,
                             stride: 1, inputHeight: height, inputWidth: width)
        let patches = UnfoldedPatches(g), pixels = g.outputPixels, k = g.patchSize
        var rng = SplitMix64(seed: 17)
        let image = (0..<g.inputChannels * g.inputPlaneSize).map { _ in rng.nextUniform() - 0.5 }
        let weights = (0..<outputs * k).map { _ in rng.nextUniform() - 0.5 }
        let gradient = (0..<outputs * pixels).map { _ in rng.nextUniform() - 0.5 }
        var unfolded = [Float](repeating: .nan, count: k * pixels)
        var planes = [Float](repeating: .nan, count: g.borderedPlanesSize)
        image.withUnsafeBufferPointer { image in
            unfolded.withUnsafeMutableBufferPointer { g.unfold(image.baseAddress!, into: $0.baseAddress!, rowStride: pixels) }
            planes.withUnsafeMutableBufferPointer { g.borderPlanes(image.baseAddress!, into: $0.baseAddress!) }
        }
        let readings: [(UnfoldedPatches.Reading, GemmKernel)] = [(.borderedPlanes, .avx2)]
            + (Gemm.cpuHasAVX512 ? [(.image, .avx512)] : [])
        for (reading, kernel) in readings {
            // C = A · op(U) + beta · C with U read as `reading` says.
            func product(_ transB: Transpose, m: Int, n: Int, k: Int, a: [Float], lda: Int, beta: Float,
                         c: inout [Float], ldc: Int) {
                Gemm.multiply(transB, m: m, n: n, k: k, a: a, lda: lda, patchesOf: reading == .image ? image : planes,
                              PatchReading(patches, reading: reading), beta: beta, c: &c, ldc: ldc)
            }
            for beta: Float in [0, 1, 0.5] {
                let start = (0..<outputs * max(pixels, k)).map { _ in rng.nextUniform() }
                var forward = (start, start), weightGradients = (start, start)
                Gemm.multiply(.none, .none, m: outputs, n: pixels, k: k, a: weights, lda: k, b: unfolded, ldb: pixels,
                              beta: beta, c: &forward.0, ldc: pixels, kernel: kernel)
                product(.none, m: outputs, n: pixels, k: k, a: weights, lda: k, beta: beta, c: &forward.1, ldc: pixels)
                Gemm.multiply(.none, .transposed, m: outputs, n: k, k: pixels, a: gradient, lda: pixels, b: unfolded,
                              ldb: pixels, beta: beta, c: &weightGradients.0, ldc: k, kernel: kernel)
                product(.transposed, m: outputs, n: k, k: pixels, a: gradient, lda: pixels, beta: beta,
                        c: &weightGradients.1, ldc: k)
                func differences(_ pair: ([Float], [Float])) -> Int {
                    zip(pair.0, pair.1).filter { $0.bitPattern != $1.bitPattern }.count
                }
                #expect(differences(forward) == 0, "\(reading), \(g), beta \(beta): forward")
                #expect(differences(weightGradients) == 0, "\(reading), \(g), beta \(beta): weight gradients")
            }
        }
    }

    /// Linear's forward pass, dX, dW and db against plain loops on 1 and 2 threads, at batches below and above
    /// avx2_sgemm's 48 rows of dot tiles, with feature counts that are not multiples of the tiles or of the parts'
    /// 16-row granule.
    @Test(arguments: [1, 7, 20, 64], [1, 2])
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
