// 2-D convolution by im2col + sgemm, PyTorch's layout (weight: out × in × k × k), any padding and stride.
//
// One GEMM per image, whose product is already the image's output block (OC × OH·OW) and whose
// output gradient block is already the B operand of the backward GEMMs: no gather or scatter
// copies. An image's patch matrix (conv2: 113 KB) stays in the core's cache between unfolding and
// its GEMM. When the whole batch's patches are small (batch 20: 2 MB) they are kept for the
// backward pass; a large batch's (batch 128: 14 MB) would be written, read and read again from
// memory, so the backward pass unfolds again instead. A one-channel 3×3 layer (conv1) computes its
// output and weight gradients with the direct kernel of DirectConvolution.swift instead.

public final class Conv2d: Layer {
    public let geometry: ConvGeometry
    let weight: Parameter
    let bias: Parameter
    let store: ParameterStore
    private var input: Tensor?
    /// The batch's patches, image n's (C·k·k) × (OH·OW) matrix at n·C·k·k·OH·OW, when they fit
    /// `keptPatchLimit`; valid for the batch of the last forward pass when `patchesKept`.
    private let keptPatches = Tensor(shape: [1])
    private var patchesKept = false
    static let keptPatchLimit = 1 << 20
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// The last forward pass's output, (N, OC, OH, OW), valid until the next one.
    var lastOutput: Tensor { output }
    /// Per part: one image's patch matrix.
    private var partColumns = [Tensor]()
    /// Per part: weight and bias gradients, summed after the parallel section.
    private var partGradients = [Tensor]()

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
    }

    /// Scratch buffers for every part the pool may run. (Not just its current width: another
    /// thread may change that between this call and the job, e.g. the dashboard sharing cores.)
    private func prepareParts(_ parts: Int) {
        while partColumns.count < parts {
            // Patches, or the direct kernel's bordered planes (DirectConvolution.swift).
            partColumns.append(Tensor(shape: [max(geometry.patchSize * geometry.outputPixels, geometry.directScratchSize)]))
            partGradients.append(Tensor(shape: [weight.count + bias.count]))
        }
    }

    /// - input: (N, C, H, W) → (N, OC, OH, OW)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let g = geometry, n = input.batch
        precondition(input.itemSize == g.inputPlaneSize * g.inputChannels, "Conv2d input \(input.shape) does not fit \(g)")
        self.input = input
        let pixels = g.outputPixels, imageSize = g.inputChannels * g.inputPlaneSize
        let patches = g.patchSize * pixels, outputSize = g.outputChannels * pixels
        output.resize(to: [n, g.outputChannels, g.outputHeight, g.outputWidth])
        prepareParts(context.pool.maximumWidth)
        let direct = g.usesDirectKernel
        patchesKept = !direct && context.training && n * patches <= Self.keptPatchLimit
        if patchesKept { keptPatches.resize(to: [n, g.patchSize, pixels]) }
        let keep = patchesKept, kept = keptPatches.data
        let x = input.data, y = output.data, w = store.value(weight), b = store.value(bias)
        let columns = partColumns.map(\.data)
        context.pool.run { part, parts in
            for image in ComputePool.range(part: part, of: parts, count: n) {
                let col = keep ? kept + image * patches : columns[part], target = y + image * outputSize
                if direct {
                    g.borderPlanes(x + image * imageSize, into: col)
                    g.directForward(planes: col, weights: w, bias: b, output: target)
                    continue
                }
                g.unfold(x + image * imageSize, into: col, rowStride: pixels)
                // The bias first, then beta = 1: OpenBLAS zeroes C in a pass of its own when beta = 0.
                for channel in 0..<g.outputChannels {
                    (target + channel * pixels).update(repeating: b[channel], count: pixels)
                }
                Gemm.multiply(.none, .none, m: g.outputChannels, n: pixels, k: g.patchSize, a: w, lda: g.patchSize,
                              b: col, ldb: pixels, beta: 1, c: target, ldc: pixels)
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard let input else { preconditionFailure("Conv2d.backward before forward") }
        let parameterGradients = context.computesParameterGradients
        guard parameterGradients || needsInputGradient else { return nil }
        let g = geometry, n = outputGradient.batch
        let pixels = g.outputPixels, imageSize = g.inputChannels * g.inputPlaneSize
        let patches = g.patchSize * pixels, outputSize = g.outputChannels * pixels
        let weightCount = weight.count, biasCount = g.outputChannels
        prepareParts(context.pool.maximumWidth)
        if needsInputGradient { inputGradient.resize(to: [n, g.inputChannels, g.inputHeight, g.inputWidth]) }
        let x = input.data, dy = outputGradient.data, w = store.value(weight), dx = inputGradient.data
        let columns = partColumns.map(\.data), sums = partGradients.map(\.data)
        let keep = patchesKept && keptPatches.count == n * patches, kept = keptPatches.data
        patchesKept = false   // dcol overwrites them below
        var partsRun = 1
        context.pool.run { part, parts in
            if part == 0 { partsRun = parts }
            let dw = sums[part], db = dw + weightCount
            let images = ComputePool.range(part: part, of: parts, count: n)
            if images.isEmpty { dw.update(repeating: 0, count: weightCount + biasCount) }
            for image in images {
                let col = keep ? kept + image * patches : columns[part], gradient = dy + image * outputSize
                let first = image == images.lowerBound
                if parameterGradients && g.usesDirectKernel {
                    g.borderPlanes(x + image * imageSize, into: col)
                    g.directWeightGradients(planes: col, outputGradient: gradient, weightGradient: dw, biasGradient: db,
                                            overwrite: first)
                } else if parameterGradients {
                    if !keep { g.unfold(x + image * imageSize, into: col, rowStride: pixels) }
                    // dW (OC × Ckk) += dY (OC × P) · colᵀ (P × Ckk); the part's first image overwrites.
                    Gemm.multiply(.none, .transposed, m: g.outputChannels, n: g.patchSize, k: pixels,
                                  a: gradient, lda: pixels, b: col, ldb: pixels, beta: first ? 0 : 1, c: dw,
                                  ldc: g.patchSize)
                    for channel in 0..<biasCount {
                        let sum = Self.sum(gradient + channel * pixels, count: pixels)
                        db[channel] = first ? sum : db[channel] + sum
                    }
                }
                guard needsInputGradient else { continue }
                // dcol (Ckk × P) = Wᵀ (Ckk × OC) · dY (OC × P), over the patches, then folded.
                Gemm.multiply(.transposed, .none, m: g.patchSize, n: pixels, k: g.outputChannels, a: w, lda: g.patchSize,
                              b: gradient, ldb: pixels, beta: 0, c: col, ldc: pixels)
                g.fold(col, rowStride: pixels, into: dx + image * imageSize)
            }
        }
        guard parameterGradients else { return inputGradient }
        // Sum the parts' gradients into the store.
        let dw = store.gradient(weight), db = store.gradient(bias)
        dw.update(from: sums[0], count: weightCount)
        db.update(from: sums[0] + weightCount, count: biasCount)
        for part in 1..<partsRun {
            for i in 0..<weightCount { dw[i] += sums[part][i] }
            for i in 0..<biasCount { db[i] += sums[part][weightCount + i] }
        }
        context.optimizer?.update(weight, rows: 0..<g.outputChannels)
        context.optimizer?.update(bias, rows: 0..<g.outputChannels)
        return needsInputGradient ? inputGradient : nil
    }

    /// The sum of `count` floats, eight lanes at a time: a single running sum would wait on every
    /// addition's latency.
    @inline(__always)
    private static func sum(_ source: UnsafePointer<Float>, count: Int) -> Float {
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
