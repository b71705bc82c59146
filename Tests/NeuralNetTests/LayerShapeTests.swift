// Every layer's output and input-gradient shapes through a forward and backward pass of both models.
import NeuralNet
import Testing

@Suite("Layer shapes through both models")
struct LayerShapeTests {
    /// Per image, the output of each layer in order.
    static func expectedOutputShapes(_ kind: ModelKind) -> [[Int]] {
        let dense = [[512], [512], [512], [256], [256], [256], [10]]
        switch kind {
        case .fcnn: return [[784]] + dense
        case .cnn: return [[16, 28, 28], [16, 14, 14], [16, 14, 14], [32, 14, 14], [32, 7, 7], [32, 7, 7],
                           [1568], [1568]] + dense
        }
    }

    /// Training mode (dropout has buffers of its own) and evaluation mode (dropout passes its input on).
    @Test(arguments: ModelKind.allCases, [true, false])
    func everyLayerKeepsItsShapes(kind: ModelKind, training: Bool) {
        let network = Network(kind)
        var rng = SplitMix64(seed: 4)
        network.initialize(rng: &rng)
        let batch = 3
        let context = PassContext(pool: ComputePool(width: 2), training: training, dropoutSeed: 5)
        var inputs = [Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })]
        var outputs = [Tensor]()
        for layer in network.layers {
            outputs.append(layer.forward(inputs.last!, context))
            inputs.append(outputs.last!)
        }
        inputs.removeLast()
        let expected = Self.expectedOutputShapes(kind).map { [batch] + $0 }
        #expect(outputs.map(\.shape) == expected)

        let gradient = Tensor(shape: [1])
        let labels: [Int32] = [2, 0, 9]
        _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: outputs.last!, labels: $0, gradient: gradient) }
        var outputGradient = gradient
        for (index, layer) in network.layers.enumerated().reversed() {
            let inputGradient = layer.backward(outputGradient, context, needsInputGradient: true)!
            #expect(inputGradient.shape == inputs[index].shape, "layer \(index), \(type(of: layer))")
            outputGradient = inputGradient
        }
        // No layer reshaped a tensor it does not own: every output still has the shape it was made with.
        #expect(outputs.map(\.shape) == expected, "after the backward pass")
        #expect(inputs[0].shape == [batch, 1, 28, 28])
    }

    @Test func flattenReturnsViewsAndLeavesItsArgumentsAlone() {
        let flatten = Flatten(), context = PassContext(pool: ComputePool(width: 1), training: false)
        let input = Tensor(shape: [2, 3, 2, 2], values: (0..<24).map(Float.init))
        let output = flatten.forward(input, context)
        #expect(output.isView && output.shape == [2, 12] && output.values == input.values)
        #expect(input.shape == [2, 3, 2, 2])
        let outputGradient = Tensor(shape: [2, 12], values: (0..<24).map { Float(-$0) })
        let inputGradient = flatten.backward(outputGradient, context, needsInputGradient: true)!
        #expect(inputGradient.isView && inputGradient.shape == [2, 3, 2, 2])
        #expect(inputGradient.values == outputGradient.values && outputGradient.shape == [2, 12])
        // A view shares its tensor's storage, also after the tensor has grown into new memory.
        input.resize(to: [40, 3, 2, 2])
        input[5] = 42
        #expect(output[5] == 42 && output.shape == [2, 12])
    }
}
