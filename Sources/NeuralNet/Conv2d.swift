// 2-D convolution by im2col + sgemm, PyTorch's layout (weight: out × in × k × k), any padding and stride.
//
// One GEMM per image, whose product is already the image's output block (OC × OH·OW) and whose
// output gradient block is already the B operand of the backward GEMMs: no gather or scatter
// copies. On our kernels, a same-size shift (conv2) is never unfolded: the forward product and the weight
// gradients read the patches from the image (AVX-512) or from its bordered planes (AVX2; UnfoldedPatches.swift),
// and on every CPU its input gradient's col2im runs by destination with the same tables. On OpenBLAS an image's
// patch matrix (conv2: 113 KB) stays in the core's cache between unfolding and its GEMM: the backward
// pass unfolds each image again rather than keep the batch's patches from the forward pass. Kept, a
// batch of 20's (2 MB) came back from L3 on a Zen 3 (512 KB of L2): one thread, the CNN's conv2
// block at batch 20 took 592 µs forward and 1120 backward a step kept, 529-541 and 1091-1101 unfolded
// again (bench --jobs, three alternated runs). A one-channel 3×3 layer (conv1) computes its output
// and weight gradients with the direct kernel of DirectConvolution.swift instead.
// The per-image work is in ForwardPass and BackwardPass, which ConvolutionBlock (the convolution fused
// with the pooling and ReLU after it) runs too.

public final class Conv2d: Layer {
    public let geometry: ConvGeometry
    let weight: Parameter
    let bias: Parameter
    let store: ParameterStore
    private var input: Tensor?
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// The last forward pass's output, (N, OC, OH, OW), valid until the next one.
    var lastOutput: Tensor { output }
    /// Per part: one image's patch matrix.
    private var partColumns = [Tensor]()
    /// Per part: weight and bias gradients, summed after the parallel section.
    private var partGradients = [Tensor]()
    /// The patches as the unfolded products read them, for a same-size shift that is not a direct-kernel layer.
    private let unfoldedPatches: UnfoldedPatches?
    /// The loops of a direct-kernel layer's (conv1's) forward pass (the same bits; on a Zen 5, 2.5 % of a batch-128
    /// CNN step in the 8-lane Swift loop, 1.4 % on 16 lanes). Tests set it to compare them.
    var directKernel = VectorKernel.fastest
    /// The loops of a same-size shift's col2im (conv2's, UnfoldedPatches.fold). The same bits; tests set it to
    /// compare them.
    var foldKernel = VectorKernel.fastest

    public init(_ store: ParameterStore, weight: String, bias: String, padding: Int, stride: Int = 1,
                inputSize: (height: Int, width: Int)) {
        self.store = store
        self.weight = store[weight]
        self.bias = store[bias]
        let shape = self.weight.shape
        precondition(shape.count == 4 && shape[2] == shape[3], "Conv2d weight must be out × in × k × k")
        geometry = ConvGeometry(inputChannels: shape[1], outputChannels: shape[0], kernel: shape[2],
                                padding: padding, stride: stride, inputHeight: inputSize.height,
                                inputWidth: inputSize.width)
        unfoldedPatches = geometry.isSameSizeShift && !geometry.usesDirectKernel ? UnfoldedPatches(geometry) : nil
    }

    /// Whether products read the patches without unfolding them where they can (`unfoldedPatches`, on our kernels),
    /// the same bits as unfolding them first. Tests turn it off to compare.
    var readsPatchesUnfolded = true

    /// The patches the products of this pass read without unfolding them, and how; nil: the pass unfolds them.
    private var patchesThisPass: PatchReading? {
        guard readsPatchesUnfolded, let unfoldedPatches else { return nil }
        return PatchReading(unfoldedPatches)
    }

    /// Scratch buffers for every part the pool may run. (Not just its current width: another
    /// thread may change that between this call and the job, e.g. the dashboard sharing cores.)
    private func prepareParts(_ parts: Int) {
        while partColumns.count < parts {
            // Patches, or the image's bordered planes (conv1's direct kernel; conv2's products on AVX2).
            partColumns.append(Tensor(shape: [max(geometry.patchSize * geometry.outputPixels, geometry.borderedPlanesSize)]))
            partGradients.append(Tensor(shape: [weight.count + bias.count]))
        }
    }

    /// - input: (N, C, H, W) → (N, OC, OH, OW)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let g = geometry, n = input.batch, outputSize = g.outputChannels * g.outputPixels
        let pass = beginForward(input, context)
        output.resize(to: [n, g.outputChannels, g.outputHeight, g.outputWidth])
        let y = output.data
        context.pool.run { part, parts in
            for image in ComputePool.range(part: part, of: parts, count: n) {
                pass.image(image, part: part, into: y + image * outputSize)
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard let pass = beginBackward(batch: outputGradient.batch, context, needsInputGradient: needsInputGradient)
        else { return nil }
        let dy = outputGradient.data, outputSize = geometry.outputChannels * geometry.outputPixels
        var partsRun = 1
        context.pool.run { part, parts in
            if part == 0 { partsRun = parts }
            pass.run(part: part, of: parts) { UnsafePointer(dy + $0 * outputSize) }
        }
        return finishBackward(pass, parts: partsRun, context)
    }

    /// Sets up a forward pass over `input` (N, C, H, W), whose images are then computed one by one, by
    /// the parts of one job (`forward`, or a fused block: ConvolutionBlock.swift).
    func beginForward(_ input: Tensor, _ context: PassContext) -> ForwardPass {
        let g = geometry
        precondition(input.itemSize == g.inputPlaneSize * g.inputChannels, "Conv2d input \(input.shape) does not fit \(g)")
        self.input = input
        prepareParts(context.pool.maximumWidth)
        return ForwardPass(geometry: g, input: input.data, weight: store.value(weight), bias: store.value(bias),
                           columns: partColumns.map(\.data), patches: patchesThisPass,
                           directKernel: directKernel)
    }

    /// One forward pass's operands; `image` computes one image's output on a part's scratch.
    struct ForwardPass {
        let geometry: ConvGeometry
        let input, weight, bias: UnsafeMutablePointer<Float>
        /// Per part: one image's patches, or its bordered planes.
        let columns: [UnsafeMutablePointer<Float>]
        /// Patches read without unfolding them; nil: unfolded into `columns` first.
        let patches: PatchReading?
        /// The direct kernel's loops (`Conv2d.directKernel`).
        let directKernel: VectorKernel

        /// Image `image`'s output (OC, OH·OW) into `target`.
        func image(_ image: Int, part: Int, into target: UnsafeMutablePointer<Float>) {
            let g = geometry, pixels = g.outputPixels, x = input + image * g.inputChannels * g.inputPlaneSize
            let col = columns[part]
            if g.usesDirectKernel {
                g.borderPlanes(x, into: col)
                g.directForward(planes: col, weights: weight, bias: bias, output: target, kernel: directKernel)
                return
            }
            // The bias first, then beta = 1: OpenBLAS zeroes C in a pass of its own when beta = 0.
            for channel in 0..<g.outputChannels {
                (target + channel * pixels).update(repeating: bias[channel], count: pixels)
            }
            if let patches {
                patches.multiply(.none, m: g.outputChannels, n: pixels, k: g.patchSize, a: weight, lda: g.patchSize,
                                 image: x, geometry: g, scratch: col, beta: 1, c: target, ldc: pixels)
            } else {
                g.unfold(x, into: col, rowStride: pixels)
                Gemm.multiply(.none, .none, m: g.outputChannels, n: pixels, k: g.patchSize, a: weight,
                              lda: g.patchSize, b: col, ldb: pixels, beta: 1, c: target, ldc: pixels)
            }
        }
    }

    /// Sets up a backward pass over a batch of `n` images after `beginForward`; nil when it has nothing to
    /// compute. Each part then calls `run`, and the caller `finishBackward` after the job.
    func beginBackward(batch n: Int, _ context: PassContext, needsInputGradient: Bool) -> BackwardPass? {
        guard let input else { preconditionFailure("Conv2d.backward before forward") }
        let parameterGradients = context.computesParameterGradients
        guard parameterGradients || needsInputGradient else { return nil }
        let g = geometry
        prepareParts(context.pool.maximumWidth)
        if needsInputGradient { inputGradient.resize(to: [n, g.inputChannels, g.inputHeight, g.inputWidth]) }
        return BackwardPass(geometry: g, batch: n, input: input.data, weight: store.value(weight),
                            inputGradient: needsInputGradient ? inputGradient.data : nil,
                            parameterGradients: parameterGradients, patches: patchesThisPass,
                            folding: unfoldedPatches.map { ($0, foldKernel) },
                            columns: partColumns.map(\.data),
                            sums: partGradients.map(\.data))
    }

    /// One backward pass's operands; `run` computes a part's images.
    struct BackwardPass {
        let geometry: ConvGeometry
        let batch: Int
        let input, weight: UnsafeMutablePointer<Float>
        /// Where ∂loss/∂input goes; nil when not asked for.
        let inputGradient: UnsafeMutablePointer<Float>?
        let parameterGradients: Bool
        /// Patches read without unfolding them for the weight gradients; nil: patches unfolded into `columns`.
        let patches: PatchReading?
        /// A same-size shift's tables, and the loops that fold the input gradient with them; nil: ConvGeometry's fold.
        let folding: (patches: UnfoldedPatches, kernel: VectorKernel)?
        let columns: [UnsafeMutablePointer<Float>]
        /// Per part: weight and bias gradients, summed by `finishBackward`.
        let sums: [UnsafeMutablePointer<Float>]

        /// Part `part`'s images, in order: `outputGradient(image)` gives that image's ∂loss/∂output
        /// (OC, OH·OW), read before the next image's is asked for.
        func run(part: Int, of parts: Int, outputGradient: (_ image: Int) -> UnsafePointer<Float>) {
            let g = geometry, pixels = g.outputPixels, imageSize = g.inputChannels * g.inputPlaneSize
            let weightCount = g.outputChannels * g.patchSize, biasCount = g.outputChannels
            let dw = sums[part], db = dw + weightCount
            let images = ComputePool.range(part: part, of: parts, count: batch)
            if images.isEmpty { dw.update(repeating: 0, count: weightCount + biasCount) }
            for image in images {
                let col = columns[part]
                let gradient = outputGradient(image), x = input + image * imageSize
                let first = image == images.lowerBound
                if parameterGradients && g.usesDirectKernel {
                    g.borderPlanes(x, into: col)
                    g.directWeightGradients(planes: col, outputGradient: gradient, weightGradient: dw, biasGradient: db,
                                            overwrite: first)
                } else if parameterGradients {
                    // dW (OC × Ckk) += dY (OC × P) · colᵀ (P × Ckk); the part's first image overwrites.
                    if let patches {
                        patches.multiply(.transposed, m: g.outputChannels, n: g.patchSize, k: pixels, a: gradient,
                                         lda: pixels, image: x, geometry: g, scratch: col, beta: first ? 0 : 1, c: dw,
                                         ldc: g.patchSize)
                    } else {
                        g.unfold(x, into: col, rowStride: pixels)
                        Gemm.multiply(.none, .transposed, m: g.outputChannels, n: g.patchSize, k: pixels,
                                      a: gradient, lda: pixels, b: col, ldb: pixels, beta: first ? 0 : 1, c: dw,
                                      ldc: g.patchSize)
                    }
                    for channel in 0..<biasCount {
                        let sum = Conv2d.sum(gradient + channel * pixels, count: pixels)
                        db[channel] = first ? sum : db[channel] + sum
                    }
                }
                guard let inputGradient else { continue }
                // dcol (Ckk × P) = Wᵀ (Ckk × OC) · dY (OC × P), over the patches, then folded.
                Gemm.multiply(.transposed, .none, m: g.patchSize, n: pixels, k: g.outputChannels, a: weight,
                              lda: g.patchSize, b: gradient, ldb: pixels, beta: 0, c: col, ldc: pixels)
                if let folding {
                    folding.patches.fold(col, rowStride: pixels, geometry: g, kernel: folding.kernel,
                                         into: inputGradient + image * imageSize)
                } else {
                    g.fold(col, rowStride: pixels, into: inputGradient + image * imageSize)
                }
            }
        }
    }

    /// After a job whose `parts` parts each ran `pass.run`: the parameter gradients summed into the store,
    /// the optimizer's step; returns ∂loss/∂input when it was asked for.
    func finishBackward(_ pass: BackwardPass, parts: Int, _ context: PassContext) -> Tensor? {
        let returned = pass.inputGradient == nil ? nil : inputGradient
        guard pass.parameterGradients else { return returned }
        let weightCount = weight.count, biasCount = bias.count, sums = pass.sums
        let dw = store.gradient(weight), db = store.gradient(bias)
        // A job on the caller alone, as the engine's other arithmetic (see ComputePool on subnormals).
        context.pool.run(work: 0) { _, _ in
            dw.update(from: sums[0], count: weightCount)
            db.update(from: sums[0] + weightCount, count: biasCount)
            for part in 1..<parts {
                for i in 0..<weightCount { dw[i] += sums[part][i] }
                for i in 0..<biasCount { db[i] += sums[part][weightCount + i] }
            }
            context.optimizer?.update(weight, rows: 0..<geometry.outputChannels)
            context.optimizer?.update(bias, rows: 0..<geometry.outputChannels)
        }
        return returned
    }

    /// The sum of `count` floats, eight lanes at a time: a single running sum would wait on every
    /// addition's latency.
    @inline(__always)
    static func sum(_ source: UnsafePointer<Float>, count: Int) -> Float {
        let from = UnsafeRawPointer(source)
        var lanes = SIMD8<Float>(), index = 0
        while index + 8 <= count {
            lanes += from.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            index += 8
        }
        var sum = lanes.sum()
        for i in index..<count { sum += source[i] }
        return sum
    }
}

extension PatchReading {
    /// C (m × n) = A · op(U) + beta · C for U the patch matrix of `image` (patch rows × pixels): op(U) = U in a forward
    /// pass, Uᵀ for weight gradients. `scratch` takes the image's bordered planes where they are read.
    func multiply(_ transB: Transpose, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                  image: UnsafePointer<Float>, geometry: ConvGeometry, scratch: UnsafeMutablePointer<Float>, beta: Float,
                  c: UnsafeMutablePointer<Float>, ldc: Int) {
        if reading == .borderedPlanes { geometry.borderPlanes(image, into: scratch) }
        Gemm.multiply(transB, m: m, n: n, k: k, a: a, lda: lda,
                      patchesOf: reading == .image ? image : UnsafePointer(scratch), self, beta: beta, c: c, ldc: ldc)
    }
}
