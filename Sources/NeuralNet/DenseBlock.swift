// A fully connected layer with the ReLU and the dropout after it (fc1 and fc2 of both models), whose forward pass
// runs as one job: each part applies the ReLU and the dropout to the output columns it has just computed, while
// they are in its cache. Run as three layers, the ReLU and the dropout were two more jobs over the whole output,
// split by rows, so that each core first fetched the half of its elements that the other one had computed, or (at
// batch 20) ran on one core while the other waited. On a Zen 3, two threads, the FCNN's step at batch 20 went from
// 473-482 to 464-475 µs (bench --jobs medians, three alternated runs with the cores close; 589 to 571 with them far
// apart, 5 and 6 runs); at batch 128, where those jobs already ran on both cores, it did not change: hashing the
// dropout masks costs the same inside the job as outside it.
//
// The same elementwise operations, and each dropout mask hashes its element's index as Dropout.forward does: the
// same bits. Every layer's output, and the dropout's scales, are written where the layer keeps them, so the backward
// passes (layer by layer) and the points (Network+Points.swift) are as after three separate passes.
//
// When a backward pass asks for no point (training), the block's backward pass is one job too (`backward`): the
// fully connected layer's, each part first computing its own columns of dY from the layer above's partial products,
// the dropout's scales and the ReLU's mask. The FCNN's forward and backward passes are then seven jobs: the fully
// connected layers' passes, and the output layer's bias gradient and update (Linear.backwardByImages). On the Zen 3,
// with the cores close, this block's single backward job took the FCNN's two-thread training epoch 1.175 → 1.160 s
// at batch 20 and 0.873 → 0.864 s at batch 128 (bench medians of 7 and 6, and 5 and 7, alternated runs).
final class DenseBlock {
    /// The indices in `Network.layers` of the fully connected layer, the ReLU and the dropout.
    let layers: ClosedRange<Int>
    let linear: Linear
    private let relu: ReLU
    private let dropout: Dropout
    /// ∂loss/∂ the fully connected layer's output, written by the fused backward pass.
    private let outputGradient = Tensor(shape: [1])

    /// The block of `layers[start...start + 2]`, if they are a fully connected layer, a ReLU and a dropout.
    init?(_ layers: [Layer], start: Int) {
        guard start + 2 < layers.count, let linear = layers[start] as? Linear, let relu = layers[start + 1] as? ReLU,
              let dropout = layers[start + 2] as? Dropout else { return nil }
        self.layers = start...start + 2
        self.linear = linear
        self.relu = relu
        self.dropout = dropout
    }

    /// The three layers' forward passes: their outputs, in order (the dropout's is the ReLU's in evaluation).
    func forward(_ input: Tensor, _ context: PassContext) -> [Tensor] {
        let features = linear.outputFeatures
        let linearOutput = linear.beginForward(input)
        let rectify = relu.beginForward(linearOutput)
        let drop = dropout.beginForward(relu.lastOutput, context)
        linear.runForward(context) { block in
            for row in block.rows {
                let elements = row * features + block.columns.lowerBound..<row * features + block.columns.upperBound
                rectify.apply(elements)
                drop?.apply(elements)
            }
        }
        return [linearOutput, relu.lastOutput, dropout.lastOutput(input: relu.lastOutput)]
    }

    /// The three layers' backward passes as the fully connected layer's one job, from the gradient at the dropout's
    /// output as the layer above left it, unsummed (`Linear.runBackward`): each part first computes its own columns of
    /// the fully connected layer's output gradient, relu'(y) · (Σ terms) · scale, while the other parts compute
    /// theirs. Layer by layer, the sum, the dropout's and the ReLU's backward passes were three more jobs over the
    /// whole gradient, split by rows, or on one core while the other waited. Returns the fully connected layer's
    /// input gradient, unsummed too; nil when it is not needed.
    func backward(_ incoming: PartialInputGradient, _ context: PassContext,
                  needsInputGradient: Bool) -> PartialInputGradient? {
        let features = linear.outputFeatures
        precondition(incoming.shape == relu.lastOutput.shape, "block output \(relu.lastOutput.shape), gradient \(incoming.shape)")
        outputGradient.resize(to: incoming.shape)
        let rectified = UnsafePointer(relu.lastOutput.data), scales = dropout.lastScales, gradient = outputGradient.data
        return linear.runBackward(outputGradient, context, needsInputGradient: needsInputGradient) { block in
            for row in block.rows {
                let first = row * features
                Self.gradientThroughDropoutAndReLU(incoming.terms, scales: scales, rectified: rectified, into: gradient,
                                                   elements: first + block.columns.lowerBound..<first + block.columns.upperBound)
            }
        }
    }

    /// gradient[i] = rectified[i] > 0 ? (Σ terms[t][i]) · scales[i] : 0 over `elements`: the sum of the partial
    /// products in their order, the dropout's `dy · scale` (none when it was the identity), then the ReLU's mask, the
    /// same operations as the three layers' backward passes, so the same bits. Eight lanes at a time: to LLVM the
    /// pointers may alias, so a scalar loop would stay scalar.
    static func gradientThroughDropoutAndReLU(_ terms: [UnsafePointer<Float>], scales: UnsafePointer<Float>?,
                                              rectified: UnsafePointer<Float>,
                                              into gradient: UnsafeMutablePointer<Float>, elements: Range<Int>) {
        typealias V = SIMD8<Float>
        func load(_ pointer: UnsafePointer<Float>, _ i: Int) -> V {
            UnsafeRawPointer(pointer + i).loadUnaligned(as: V.self)
        }
        var i = elements.lowerBound
        while i + V.scalarCount <= elements.upperBound {
            var sum = load(terms[0], i)
            for term in terms.dropFirst() { sum += load(term, i) }
            if let scales { sum *= load(scales, i) }
            let masked = V(repeating: 0).replacing(with: sum, where: load(rectified, i) .> 0)
            UnsafeMutableRawPointer(gradient + i).storeBytes(of: masked, as: V.self)
            i += V.scalarCount
        }
        while i < elements.upperBound {
            var sum = terms[0][i]
            for term in terms.dropFirst() { sum += term[i] }
            if let scales { sum *= scales[i] }
            gradient[i] = rectified[i] > 0 ? sum : 0
            i += 1
        }
    }
}
