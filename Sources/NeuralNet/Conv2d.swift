// 2-D convolution by im2col + sgemm, PyTorch's layout (weight: out × in × k × k), any padding and stride.

public final class Conv2d: Layer {
    public let geometry: ConvGeometry
    let weight: Parameter
    let bias: Parameter
    let store: ParameterStore
    /// The unfolded input of the whole batch: (C·k·k) × (N·OH·OW), image n in columns n·OH·OW…
    private let columns = Tensor(shape: [1])
    /// Convolution results before scattering to NCHW, and output gradients gathered the same way.
    private let product = Tensor(shape: [1])
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// Per-part weight and bias gradients, summed after the parallel section.
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

    /// - input: (N, C, H, W) → (N, OC, OH, OW)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let g = geometry, n = input.batch
        precondition(input.itemSize == g.inputPlaneSize * g.inputChannels, "Conv2d input \(input.shape) does not fit \(g)")
        let pixels = g.outputPixels, total = n * pixels
        columns.resize(to: [g.patchSize, total])
        product.resize(to: [g.outputChannels, total])
        output.resize(to: [n, g.outputChannels, g.outputHeight, g.outputWidth])
        let x = input.data, col = columns.data, prod = product.data, y = output.data
        let w = store.value(weight), b = store.value(bias)
        context.pool.run { part, parts in
            let images = ComputePool.range(part: part, of: parts, count: n)
            guard !images.isEmpty else { return }
            for image in images {
                g.unfold(x + image * g.inputChannels * g.inputPlaneSize, into: col + image * pixels, rowStride: total)
            }
            let block = MatrixBlock(rows: 0..<g.outputChannels, columns: images.lowerBound * pixels..<images.upperBound * pixels)
            Gemm.multiply(block, .none, .none, k: g.patchSize, a: w, lda: g.patchSize, b: col, ldb: total,
                          beta: 0, c: prod, ldc: total)
            for image in images {
                for channel in 0..<g.outputChannels {
                    let source = prod + channel * total + image * pixels
                    let target = y + (image * g.outputChannels + channel) * pixels
                    let shift = b[channel]
                    for pixel in 0..<pixels { target[pixel] = source[pixel] + shift }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        let g = geometry, n = outputGradient.batch
        let pixels = g.outputPixels, total = n * pixels
        let weightCount = weight.count, biasCount = g.outputChannels
        let parts = context.pool.width
        while partGradients.count < parts { partGradients.append(Tensor(shape: [weightCount + biasCount])) }
        if needsInputGradient { inputGradient.resize(to: [n, g.inputChannels, g.inputHeight, g.inputWidth]) }
        let dy = outputGradient.data, col = columns.data, gathered = product.data
        let w = store.value(weight), dx = inputGradient.data
        let sums = partGradients.prefix(parts).map(\.data)
        context.pool.run { part, parts in
            let images = ComputePool.range(part: part, of: parts, count: n)
            let dw = sums[part], db = dw + weightCount
            guard !images.isEmpty else {
                dw.update(repeating: 0, count: weightCount + biasCount)
                return
            }
            // Gather dY (N, OC, P) into OC × (N·P) beside the columns it multiplies.
            for image in images {
                for channel in 0..<g.outputChannels {
                    let target = gathered + channel * total + image * pixels
                    let source = dy + (image * g.outputChannels + channel) * pixels
                    for pixel in 0..<pixels { target[pixel] = source[pixel] }
                }
            }
            let span = images.lowerBound * pixels..<images.upperBound * pixels
            // dW (OC × Ckk) = dY (OC × span) · colᵀ (span × Ckk)
            Gemm.multiply(.none, .transposed, m: g.outputChannels, n: g.patchSize, k: span.count,
                          a: gathered + span.lowerBound, lda: total, b: col + span.lowerBound, ldb: total,
                          beta: 0, c: dw, ldc: g.patchSize)
            for channel in 0..<g.outputChannels {
                let row = gathered + channel * total
                var sum: Float = 0
                for index in span { sum += row[index] }
                db[channel] = sum
            }
            guard needsInputGradient else { return }
            // dcol (Ckk × span) = Wᵀ (Ckk × OC) · dY (OC × span), written over the columns, then folded.
            let block = MatrixBlock(rows: 0..<g.patchSize, columns: span)
            Gemm.multiply(block, .transposed, .none, k: g.outputChannels, a: w, lda: g.patchSize,
                          b: gathered, ldb: total, beta: 0, c: col, ldc: total)
            for image in images {
                g.fold(col + image * pixels, rowStride: total, into: dx + image * g.inputChannels * g.inputPlaneSize)
            }
        }
        // Sum the parts' gradients into the store.
        let dw = store.gradient(weight), db = store.gradient(bias)
        dw.update(from: sums[0], count: weightCount)
        db.update(from: sums[0] + weightCount, count: biasCount)
        for part in 1..<parts {
            for i in 0..<weightCount { dw[i] += sums[part][i] }
            for i in 0..<biasCount { db[i] += sums[part][weightCount + i] }
        }
        return needsInputGradient ? inputGradient : nil
    }
}
