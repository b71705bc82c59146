// Fully connected layer y = x·Wᵀ + b, PyTorch's layout (weight: out × in).

public final class Linear: Layer {
    public let inputFeatures: Int
    public let outputFeatures: Int
    let weight: Parameter
    let bias: Parameter
    let store: ParameterStore
    private var input: Tensor?
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// Per part of a backward job: its share of dX (`backward`).
    private let partialInputGradients = Tensor(shape: [1])

    /// Weight rows per dW GEMM in the backward pass: fc1's 64 rows of gradient are 200 KB. A multiple of
    /// 16, so every block starts on the optimizer's whole vectors (see `Parameter.rows`).
    static let gradientRowBlock = 64

    public init(_ store: ParameterStore, weight: String, bias: String) {
        self.store = store
        self.weight = store[weight]
        self.bias = store[bias]
        outputFeatures = self.weight.shape[0]
        inputFeatures = self.weight.shape[1]
    }

    /// - input: (N, in) → (N, out)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let output = beginForward(input)
        runForward(context) { _ in }
        return output
    }

    /// Keeps `input` for the forward pass that `runForward` then computes, and for the backward pass; returns the
    /// output buffer, sized (DenseBlock).
    func beginForward(_ input: Tensor) -> Tensor {
        precondition(input.itemSize == inputFeatures, "Linear expects \(inputFeatures) features, got \(input.shape)")
        self.input = input
        output.resize(to: [input.batch, outputFeatures])
        return output
    }

    /// The forward pass begun by `beginForward`, then `epilogue` on each part's block of the output (every row and the
    /// part's output features, or the output layer's part's rows) while it is in the part's cache.
    func runForward(_ context: PassContext, epilogue: (MatrixBlock) -> Void) {
        guard let input else { preconditionFailure("Linear.runForward before beginForward") }
        let n = input.batch, outputs = outputFeatures, inputs = inputFeatures
        let x = input.data, w = store.value(weight), b = store.value(bias), y = output.data
        context.pool.run(work: n * outputs * inputs) { part, parts in
            // The part's output features are the weight rows it owns (see Parameter.rows). The output layer's 10 rows
            // do not split, so its parts take the images instead (at batch 128 it took 23 µs on the caller alone).
            let block = weight.rowsSplit ? MatrixBlock(rows: 0..<n, columns: weight.rows(part: part, of: parts))
                : MatrixBlock(rows: ComputePool.range(part: part, of: parts, count: n), columns: 0..<outputs)
            for row in block.rows {
                (y + row * outputs + block.columns.lowerBound)
                    .update(from: b + block.columns.lowerBound, count: block.columns.count)
            }
            Gemm.multiply(block, .none, .transposed, k: inputs, a: x, lda: inputs, b: w, ldb: inputs,
                          beta: 1, c: y, ldc: outputs)
            epilogue(block)
        }
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        if !weight.rowsSplit { return backwardByImages(outputGradient, context, needsInputGradient: needsInputGradient) }
        return runBackward(outputGradient, context, needsInputGradient: needsInputGradient).map {
            inputGradient(summing: $0, context)
        }
    }

    /// The backward pass of a layer whose weight rows do not split over the parts (the output layer's 10): its parts
    /// take dX by images and dW by input features instead, so that both cores work (at batch 128 the output layer's
    /// backward pass was 23 µs on the caller alone); then db and the optimizer's update, on the caller, once both
    /// parts of dW are done. Every element is still one product's, whole: the same bits as on one part.
    private func backwardByImages(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard let input else { preconditionFailure("Linear.backward before forward") }
        let parameterGradients = context.computesParameterGradients
        guard needsInputGradient || parameterGradients else { return nil }
        let n = input.batch, outputs = outputFeatures, inputs = inputFeatures
        let x = input.data, dy = outputGradient.data, w = store.value(weight), dw = store.gradient(weight)
        if needsInputGradient { inputGradient.resize(to: input.shape) }
        let dx = inputGradient.data
        let products = (needsInputGradient ? 1 : 0) + (parameterGradients ? 1 : 0)
        context.pool.run(work: products * n * outputs * inputs) { part, parts in
            if needsInputGradient {
                // dX (the part's images × in) = dY · W, W unchanged until the update below
                Gemm.multiply(MatrixBlock(rows: ComputePool.range(part: part, of: parts, count: n), columns: 0..<inputs),
                              .none, .none, k: outputs, a: dy, lda: outputs, b: w, ldb: inputs, beta: 0, c: dx,
                              ldc: inputs)
            }
            guard parameterGradients else { return }
            // dW (out × the part's input features) = dYᵀ · X
            let features = ComputePool.range(part: part, of: parts, count: inputs, granule: 16)
            Gemm.multiply(MatrixBlock(rows: 0..<outputs, columns: features), .transposed, .none, k: n, a: dy,
                          lda: outputs, b: x, ldb: inputs, beta: 0, c: dw, ldc: inputs)
        }
        if parameterGradients {
            context.pool.run(work: 0) { _, _ in
                sumBiasGradient(dy, images: n, features: 0..<outputs)
                context.optimizer?.update(weight, rows: 0..<outputs)
                context.optimizer?.update(bias, rows: 0..<outputs)
            }
        }
        return needsInputGradient ? inputGradient : nil
    }

    /// db for these output features: the column sums of dY, a row of dY at a time (contiguous, so it vectorises).
    private func sumBiasGradient(_ dy: UnsafePointer<Float>, images: Int, features: Range<Int>) {
        let sums = store.gradient(bias) + features.lowerBound
        sums.update(repeating: 0, count: features.count)
        for row in 0..<images {
            let line = dy + row * outputFeatures + features.lowerBound
            for feature in 0..<features.count { sums[feature] += line[feature] }
        }
    }

    /// The backward pass, with `prologue` first in each part on its block of dY (every row, the part's output
    /// features: the columns its GEMMs read), which may compute them there (DenseBlock). Returns dX as the parts'
    /// products, not yet summed; nil when it is not needed.
    func runBackward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool,
                     prologue: (MatrixBlock) -> Void = { _ in }) -> PartialInputGradient? {
        guard let input else { preconditionFailure("Linear.backward before forward") }
        let parameterGradients = context.computesParameterGradients
        guard needsInputGradient || parameterGradients else { return nil }
        let n = input.batch, outputs = outputFeatures, inputs = inputFeatures
        let x = input.data, dy = outputGradient.data, w = store.value(weight)
        let dw = store.gradient(weight)
        let inputSize = n * inputs
        if needsInputGradient {
            inputGradient.resize(to: input.shape)
            partialInputGradients.resize(to: [context.pool.maximumWidth, inputSize])
        }
        let dx = inputGradient.data, partials = partialInputGradients.data
        var partsRun = 1
        // One job by the weight rows each part owns (Parameter.rows), dX too: no core reads rows that another one
        // updates. With dX split by its columns instead, each core read half of every row of W, and the other
        // core's Adam then wrote those lines: on two cores far apart, the CNN's Adam ran at half speed (issue #17).
        context.pool.run(work: rowSplitWork(n * outputs * inputs)) { part, parts in
            if part == 0 { partsRun = parts }
            let rows = weight.rows(part: part, of: parts)
            prologue(MatrixBlock(rows: 0..<n, columns: rows))
            if needsInputGradient && !rows.isEmpty {
                // First, while the part's rows of W are unchanged: its share of dX (N × in), dY[:, rows] · W[rows, :],
                // the whole of dX on one part, else summed over the parts later.
                Gemm.multiply(.none, .none, m: n, n: inputs, k: rows.count, a: dy + rows.lowerBound, lda: outputs,
                              b: w + rows.lowerBound * inputs, ldb: inputs, beta: 0,
                              c: parts == 1 ? dx : partials + part * inputSize, ldc: inputs)
            }
            guard parameterGradients else { return }
            // By blocks of rows: the optimizer updates each block right after its GEMM, while its gradient is in
            // the core's L2 cache (fc1's whole share is 800 KB).
            for first in stride(from: rows.lowerBound, to: rows.upperBound, by: Self.gradientRowBlock) {
                let block = first..<min(first + Self.gradientRowBlock, rows.upperBound)
                // dW (block × in) = dYᵀ (block × N) · X (N × in), written once, without zeroing first
                Gemm.multiply(MatrixBlock(rows: block, columns: 0..<inputs), .transposed, .none, k: n,
                              a: dy, lda: outputs, b: x, ldb: inputs, beta: 0, c: dw, ldc: inputs)
                context.optimizer?.update(weight, rows: block)
            }
            sumBiasGradient(dy, images: n, features: rows)
            context.optimizer?.update(bias, rows: rows)
        }
        guard needsInputGradient else { return nil }
        if partsRun == 1 { return PartialInputGradient(inputGradient) }
        let terms = (0..<partsRun).filter { !weight.rows(part: $0, of: partsRun).isEmpty }
            .map { UnsafePointer(partials + $0 * inputSize) }
        return PartialInputGradient(terms: terms, shape: input.shape)
    }

    /// dX, the sum of a backward pass's partial products (`runBackward`); split by images.
    func inputGradient(summing partial: PartialInputGradient, _ context: PassContext) -> Tensor {
        if partial.terms == [UnsafePointer(inputGradient.data)] { return inputGradient }
        let inputs = inputFeatures, dx = inputGradient.data, terms = partial.terms, n = partial.shape[0]
        // A load and an add an element for each term: with two, the CNN's fc1 at batch 20 (31,360 elements)
        // splits over the cores, each on the images the convolution block below it then reads (see Dropout).
        context.pool.run(work: n * inputs * 2 * terms.count) { part, parts in
            let images = ComputePool.range(part: part, of: parts, count: n)
            let elements = images.lowerBound * inputs..<images.upperBound * inputs
            (dx + elements.lowerBound).update(from: terms[0] + elements.lowerBound, count: elements.count)
            for term in terms.dropFirst() {
                for i in elements { dx[i] += term[i] }
            }
        }
        return inputGradient
    }

    /// `work` for `ComputePool.run(work:)` of a job split by weight rows; 0, so on the calling thread alone, when
    /// the rows do not split (`Parameter.rowsSplit`).
    private func rowSplitWork(_ work: Int) -> Int { weight.rowsSplit ? work : 0 }
}

/// ∂loss/∂input of a fully connected layer's backward pass before it is summed: each part's product over its own
/// weight rows (N × in), to be added in this order (dx = terms[0] + terms[1] + …); one term is the gradient itself.
struct PartialInputGradient {
    let terms: [UnsafePointer<Float>]
    let shape: [Int]
}

extension PartialInputGradient {
    /// A gradient that is already whole.
    init(_ gradient: Tensor) { self.init(terms: [UnsafePointer(gradient.data)], shape: gradient.shape) }
}
