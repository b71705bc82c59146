// The network's evaluation-mode forward pass by plain loops in float64, layer by layer and point by
// point (see Network+Points), for checking the fast path.

extension Network {
    /// Logits (N, 10) of `input` (N, 1, 28, 28) in evaluation mode, computed without BLAS.
    public func referenceLogits(_ input: [Float], batch: Int) -> [Float] {
        referenceLogits(from: "input", activation: input.map(Double.init), batch: batch).map(Float.init)
    }

    /// The activation (N, …) at every point (`points`) of `input` (N, 1, 28, 28) in evaluation mode.
    public func referenceActivations(_ input: [Float], batch: Int) -> [String: [Double]] {
        var activations = ["input": input.map(Double.init)]
        var activation = activations["input"]!
        for index in layers.indices {
            activation = referenceLayer(index, activation, batch: batch)
            activations[architecture.layers[index].name] = activation
        }
        for name in points where activations[name] == nil {
            activations[name] = activations[architecture.layers[point(named: name).valueAfter].name]!.map { max($0, 0) }
        }
        return activations
    }

    /// The logits (N, 10) the layers after `point` compute from `activation`, its value there. From
    /// a `<conv>_relu` point they are the seed's: pooling, then the ReLU, an identity on A ≥ 0.
    public func referenceLogits(from point: String, activation: [Double], batch: Int) -> [Double] {
        let found = self.point(named: point)
        let first = found.unpooledSize == nil ? found.gradientAt + 1 : found.valueAfter + 1
        return (first..<layers.count).reduce(activation) { referenceLayer($1, $0, batch: batch) }
    }

    /// Layer `index` in evaluation mode. - activation: (N, …) of the layer's input shape.
    private func referenceLayer(_ index: Int, _ activation: [Double], batch: Int) -> [Double] {
        switch layers[index] {
        case let conv as Conv2d:
            return ReferenceKernels.conv2d(input: activation, batch: batch, weight: store.read(conv.weight),
                                           bias: store.read(conv.bias), geometry: conv.geometry)
        case let linear as Linear:
            return ReferenceKernels.linear(input: activation, batch: batch, weight: store.read(linear.weight),
                                           bias: store.read(linear.bias))
        case is ReLU:
            return activation.map { max($0, 0) }
        case let pool as MaxPool2d:
            let shape = architecture.shapes[index]
            return ReferenceKernels.maxPool(input: activation, planes: batch * shape[0], height: shape[1],
                                            width: shape[2], size: pool.size)
        case is Flatten, is Dropout:
            return activation   // a view, and the identity in evaluation mode
        default:
            preconditionFailure("no reference for \(type(of: layers[index]))")
        }
    }
}
