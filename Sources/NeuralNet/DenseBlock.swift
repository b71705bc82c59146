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

final class DenseBlock {
    /// The indices in `Network.layers` of the fully connected layer, the ReLU and the dropout.
    let layers: ClosedRange<Int>
    private let linear: Linear
    private let relu: ReLU
    private let dropout: Dropout

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
}
