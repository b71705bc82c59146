// 2-D convolution by im2col + sgemm, PyTorch's layout (weight: out × in × k × k), any padding and stride.
//
// Images are unfolded a few at a time, so that the patch matrix a GEMM reads is still in the core's
// cache. When the whole batch's patches are small (batch 20: 2 MB) they are kept, laid out by image,
// for the backward pass; a large batch's (batch 128: 14 MB) would be written, read and read again
// from memory, so the backward pass unfolds again instead.

public final class Conv2d: Layer {
    public let geometry: ConvGeometry
    let weight: Parameter
    let bias: Parameter
    let store: ParameterStore
    /// Images per unfolded chunk: the patch matrix stays within about 512 KB, half a core's L2 cache.
    let chunkImages: Int
    private var input: Tensor?
    /// The batch's patches, (C·k·k) × (N·OH·OW) with image n in columns n·OH·OW…, when they fit
    /// `keptPatchLimit`; valid for the batch of the last forward pass when `patchesKept`.
    private let keptPatches = Tensor(shape: [1])
    private var patchesKept = false
    static let keptPatchLimit = 1 << 20
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// The last forward pass's output, (N, OC, OH, OW), valid until the next one.
    var lastOutput: Tensor { output }
    /// Per part: the chunk's patch matrix, and its products or gathered output gradients.
    private var partColumns = [Tensor](), partProducts = [Tensor]()
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
        chunkImages = max(1, (1 << 17) / (geometry.patchSize * geometry.outputPixels))
    }

    /// Scratch buffers for every part the pool may run. (Not just its current width: another
    /// thread may change that between this call and the job, e.g. the dashboard sharing cores.)
    private func prepareParts(_ parts: Int) {
        let g = geometry, columnsPerChunk = chunkImages * g.outputPixels
        while partColumns.count < parts {
            partColumns.append(Tensor(shape: [g.patchSize, columnsPerChunk]))
            partProducts.append(Tensor(shape: [g.outputChannels, columnsPerChunk]))
            partGradients.append(Tensor(shape: [weight.count + bias.count]))
        }
    }

    /// The images of one part in even chunks of at most `chunkImages`.
    private func chunks(of images: Range<Int>) -> [Range<Int>] {
        let count = (images.count + chunkImages - 1) / chunkImages
        return (0..<count).map { chunk in
            let range = ComputePool.range(part: chunk, of: count, count: images.count)
            return images.lowerBound + range.lowerBound..<images.lowerBound + range.upperBound
        }
    }

    /// - input: (N, C, H, W) → (N, OC, OH, OW)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let g = geometry, n = input.batch
        precondition(input.itemSize == g.inputPlaneSize * g.inputChannels, "Conv2d input \(input.shape) does not fit \(g)")
        self.input = input
        let pixels = g.outputPixels, imageSize = g.inputChannels * g.inputPlaneSize
        output.resize(to: [n, g.outputChannels, g.outputHeight, g.outputWidth])
        prepareParts(context.pool.maximumWidth)
        let total = n * pixels
        patchesKept = context.training && g.patchSize * total <= Self.keptPatchLimit
        if patchesKept { keptPatches.resize(to: [g.patchSize, total]) }
        let keep = patchesKept, kept = keptPatches.data
        let x = input.data, y = output.data, w = store.value(weight), b = store.value(bias)
        let columns = partColumns.map(\.data), products = partProducts.map(\.data)
        context.pool.run { part, parts in
            let product = products[part]
            for chunk in chunks(of: ComputePool.range(part: part, of: parts, count: n)) {
                let width = chunk.count * pixels
                // The chunk's patches: its columns of the kept matrix, or the part's scratch.
                let (col, rowStride) = keep ? (kept + chunk.lowerBound * pixels, total) : (columns[part], width)
                for (offset, image) in chunk.enumerated() {
                    g.unfold(x + image * imageSize, into: col + offset * pixels, rowStride: rowStride)
                }
                Gemm.multiply(.none, .none, m: g.outputChannels, n: width, k: g.patchSize, a: w, lda: g.patchSize,
                              b: col, ldb: rowStride, beta: 0, c: product, ldc: width)
                // (OC, images·P) → (images, OC, P), adding the bias.
                for (offset, image) in chunk.enumerated() {
                    for channel in 0..<g.outputChannels {
                        let source = product + channel * width + offset * pixels
                        let target = y + (image * g.outputChannels + channel) * pixels
                        let shift = b[channel]
                        for pixel in 0..<pixels { target[pixel] = source[pixel] + shift }
                    }
                }
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
        let weightCount = weight.count, biasCount = g.outputChannels
        prepareParts(context.pool.maximumWidth)
        if needsInputGradient { inputGradient.resize(to: [n, g.inputChannels, g.inputHeight, g.inputWidth]) }
        let x = input.data, dy = outputGradient.data, w = store.value(weight), dx = inputGradient.data
        let columns = partColumns.map(\.data), products = partProducts.map(\.data), sums = partGradients.map(\.data)
        let total = n * pixels, keep = patchesKept && keptPatches.count == g.patchSize * total, kept = keptPatches.data
        patchesKept = false   // dcol overwrites them below
        var partsRun = 1
        context.pool.run { part, parts in
            if part == 0 { partsRun = parts }
            let gathered = products[part], dw = sums[part], db = dw + weightCount
            dw.update(repeating: 0, count: weightCount + biasCount)
            for chunk in chunks(of: ComputePool.range(part: part, of: parts, count: n)) {
                let width = chunk.count * pixels
                let (col, rowStride) = keep ? (kept + chunk.lowerBound * pixels, total) : (columns[part], width)
                // Gather dY (images, OC, P) into OC × (images·P) beside the patches (unfolded again
                // unless kept, or not needed).
                for (offset, image) in chunk.enumerated() {
                    if !keep && parameterGradients {
                        g.unfold(x + image * imageSize, into: col + offset * pixels, rowStride: rowStride)
                    }
                    for channel in 0..<g.outputChannels {
                        let target = gathered + channel * width + offset * pixels
                        let source = dy + (image * g.outputChannels + channel) * pixels
                        db[channel] += Self.copyAndSum(source, to: target, count: pixels)
                    }
                }
                // dW (OC × Ckk) += dY (OC × chunk) · colᵀ (chunk × Ckk)
                if parameterGradients {
                    Gemm.multiply(.none, .transposed, m: g.outputChannels, n: g.patchSize, k: width,
                                  a: gathered, lda: width, b: col, ldb: rowStride, beta: 1, c: dw, ldc: g.patchSize)
                }
                guard needsInputGradient else { continue }
                // dcol (Ckk × chunk) = Wᵀ (Ckk × OC) · dY (OC × chunk), over the patches, then folded.
                Gemm.multiply(.transposed, .none, m: g.patchSize, n: width, k: g.outputChannels, a: w, lda: g.patchSize,
                              b: gathered, ldb: width, beta: 0, c: col, ldc: rowStride)
                for (offset, image) in chunk.enumerated() {
                    g.fold(col + offset * pixels, rowStride: rowStride, into: dx + image * imageSize)
                }
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

    /// Copies `count` floats and returns their sum, eight lanes at a time: a single running sum
    /// would wait on every addition's latency.
    @inline(__always)
    private static func copyAndSum(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>,
                                   count: Int) -> Float {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        var lanes = SIMD8<Float>(), index = 0
        while index + 8 <= count {
            let values = from.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            to.storeBytes(of: values, toByteOffset: index * 4, as: SIMD8<Float>.self)
            lanes += values
            index += 8
        }
        var sum = lanes.sum()
        for i in index..<count { target[i] = source[i]; sum += source[i] }
        return sum
    }
}
