// Named points of a network: activations captured by a forward pass, gradients handed back by a
// backward pass (∂/∂input included), and copies of a network for work off the training thread.
//
// The points (`Network.points`):
//   input          the images, (N, 1, 28, 28)
//   <layer>        that layer's output (names in ModelKind.architecture), e.g. conv2 (N, 32, 14, 14), before
//                  pooling and ReLU; fc2_relu (N, 256), the penultimate activation; out, the logits (N, 10)
//   <conv>_relu    for a convolution followed by max-pooling and a ReLU (the CNN's conv1 and conv2): its output
//                  after the ReLU and before pooling, the seed's F.relu(conv2(x)) (N, 32, 14, 14): Grad-CAM's layer
//
// The engine pools before the ReLU (see ModelKind), so `<conv>_relu` is no layer's output. Its value is
// A = relu(Z), Z the convolution's output. Its gradient is the one of the seed's graph, pool(relu(Z)): the
// ReLU after our pooling gives relu(pool(Z)) = pool(A), so the gradient at that ReLU's output is ∂y/∂pool(A),
// and pooling sends it to the first maximum of each window of A, as PyTorch's max_pool2d does. (A window
// whose Z is all ≤ 0 is all 0 in A and sends its gradient to its first element, as PyTorch does.)
//
// A convolution → pooling → ReLU runs fused (ConvolutionBlock.swift) unless a point inside it is asked for,
// in the forward pass or in the backward pass; its backward pass runs fused after a fused forward pass that
// stored the pooling's winners (training, saliency), else its forward pass is run again layer by layer first.
// A fully connected layer → ReLU → dropout runs its forward passes as one job (DenseBlock.swift), which leaves
// every layer's output where it would be: its points are those of the layers. Its backward passes run as one job too
// when no point is asked for; else layer by layer, so that every gradient inside exists.

extension Network {
    /// Where a point's value and gradient are found.
    struct Point {
        /// The layer after whose forward pass the value exists; −1: the input.
        let valueAfter: Int
        /// The layer whose output the gradient is taken at; −1: the input.
        let gradientAt: Int
        /// For `<conv>_relu`: the pooling size between the convolution and the ReLU.
        let unpooledSize: Int?
    }

    /// Every point's name: "input", each layer's, then each `<conv>_relu`.
    public var points: [String] { ["input"] + architecture.layers.map(\.name) + unpooledPoints.map(\.name) }

    private var unpooledPoints: [(name: String, point: Point)] {
        let layers = architecture.layers
        return layers.indices.dropLast(2).compactMap { index in
            guard case .convolution = layers[index].operation, case .maxPool(let size) = layers[index + 1].operation,
                  case .relu = layers[index + 2].operation else { return nil }
            return ("\(layers[index].name)_relu", Point(valueAfter: index, gradientAt: index + 2, unpooledSize: size))
        }
    }

    func point(named name: String) -> Point {
        if name == "input" { return Point(valueAfter: -1, gradientAt: -1, unpooledSize: nil) }
        if let index = architecture.layers.firstIndex(where: { $0.name == name }) {
            return Point(valueAfter: index, gradientAt: index, unpooledSize: nil)
        }
        guard let unpooled = unpooledPoints.first(where: { $0.name == name }) else {
            preconditionFailure("no point named \(name) in the \(kind.displayName); points: \(points.joined(separator: ", "))")
        }
        return unpooled.point
    }

    /// The forward pass, keeping a copy of the activation at each of `names` (see `points`).
    /// - input: (N, 1, 28, 28) → logits (N, 10), a buffer of the last layer, as `forward`.
    public func forward(_ input: Tensor, _ context: PassContext,
                        capturing names: Set<String>) -> (logits: Tensor, activations: [String: Tensor]) {
        let wanted = names.map { ($0, point(named: $0)) }
        var activations = [String: Tensor]()
        func capture(after index: Int, _ output: Tensor) {
            for (name, point) in wanted where point.valueAfter == index {
                activations[name] = point.unpooledSize == nil ? output.copy() : Self.relu(output)
            }
        }
        capture(after: -1, input)
        var activation = input, index = 0
        for block in blocks { block.forgetFusedPass() }
        while index < layers.count {
            if let block = blocks.first(where: { $0.layers.lowerBound == index }),
               !wanted.contains(where: { Self.isInside($0.1, block) }) {
                activation = block.forward(activation, context)
                index = block.layers.upperBound
            } else if runsDenseBlocks, let block = denseBlocks.first(where: { $0.layers.lowerBound == index }) {
                // Every layer's output exists after it, so points inside it are captured as they are after any layer.
                let outputs = block.forward(activation, context)
                for (layer, output) in zip(block.layers, outputs).dropLast() where !wanted.isEmpty {
                    capture(after: layer, output)
                }
                activation = outputs[outputs.count - 1]
                index = block.layers.upperBound
            } else {
                activation = layers[index].forward(activation, context)
            }
            if !wanted.isEmpty { capture(after: index, activation) }
            index += 1
        }
        return (activation, activations)
    }

    /// Back-propagates `logitsGradient` (N, 10), ∂loss/∂logits or any other (a one-hot row gives
    /// ∂y_c/∂·), and returns a copy of the gradient at each of `names`. The layers below the lowest
    /// of them run only when the context computes parameter gradients; "input" asks the first layer
    /// for its input gradient, which is otherwise never computed. The optimizer runs only when the
    /// context carries it.
    @discardableResult
    public func backward(_ logitsGradient: Tensor, _ context: PassContext, gradientsAt names: Set<String>) -> [String: Tensor] {
        let wanted = names.map { ($0, point(named: $0)) }
        // A layer's input gradient is needed below a layer with parameters or above a wanted point ("input" is -1).
        let lowestWanted = wanted.map(\.1.gradientAt).min() ?? layers.count
        let lowest = context.computesParameterGradients ? 0 : wanted.map { $0.1.gradientAt + 1 }.min() ?? layers.count
        var gradients = [String: Tensor]()
        var gradient = logitsGradient   // ∂/∂ the output of layer `index`
        // Without points, the dense blocks' backward passes run as one job each, and pass their input gradients
        // on unsummed: the block below sums them where it needs them, or `gradient` does.
        let fusesDenseBlocks = runsDenseBlocks && wanted.isEmpty
        var unsummed: (gradient: PartialInputGradient, layer: Linear)?
        var index = layers.count - 1
        while index >= -1 {
            let block = blocks.first { $0.layers.upperBound == index }
            let wantedInside = block.map { block in wanted.contains { Self.isInside($0.1, block) } } ?? false
            let fused = block?.runsFusedBackward == true && !wantedInside
            // The layers' backward passes and the points inside need what a layer-by-layer forward pass leaves.
            if let block, !fused, wantedInside || index >= max(lowest, 0) { block.prepareLayerByLayerBackward(context) }
            for (name, point) in wanted where point.gradientAt == index {
                gradients[name] = point.unpooledSize.map { unpooledGradient(gradient, point, size: $0, context) }
                    ?? gradient.copy()
            }
            guard index >= max(lowest, 0) else { break }
            let inputGradientFloor = min(firstLayerWithParameters, lowestWanted)
            if fusesDenseBlocks, let block = denseBlocks.first(where: { $0.layers.upperBound == index }) {
                let start = block.layers.lowerBound
                guard let next = block.backward(unsummed?.gradient ?? PartialInputGradient(gradient), context,
                                                needsInputGradient: start > inputGradientFloor)
                else { break }
                unsummed = (next, block.linear)
                index = start - 1
                continue
            }
            if let (partial, layer) = unsummed {
                gradient = layer.inputGradient(summing: partial, context)
                unsummed = nil
            }
            if let block, fused {
                let start = block.layers.lowerBound
                guard let next = block.backward(gradient, context, needsInputGradient: start > inputGradientFloor)
                else { break }
                gradient = next
                index = start - 1
                continue
            }
            guard let next = layers[index].backward(gradient, context, needsInputGradient: index > inputGradientFloor)
            else { break }
            gradient = next
            index -= 1
        }
        return gradients
    }

    /// Whether a point's value or gradient lies inside a block (the convolution's or the pooling's
    /// output, or `<conv>_relu`), which a fused pass does not hold; the block's output is not inside.
    private static func isInside(_ point: Point, _ block: ConvolutionBlock) -> Bool {
        let inside = block.layers.lowerBound..<block.layers.upperBound
        return inside.contains(point.valueAfter) || inside.contains(point.gradientAt)
    }

    /// ∂y/∂A for A = relu(Z) before pooling, from ∂y/∂pool(A) (see the file's header).
    private func unpooledGradient(_ pooledGradient: Tensor, _ point: Point, size: Int, _ context: PassContext) -> Tensor {
        guard let convolution = layers[point.valueAfter] as? Conv2d else { preconditionFailure("not a convolution") }
        let pool = MaxPool2d(size: size)
        _ = pool.forward(Self.relu(convolution.lastOutput), context)
        return pool.backward(pooledGradient, context, needsInputGradient: true)!
    }

    private static func relu(_ tensor: Tensor) -> Tensor {
        Tensor(shape: tensor.shape, values: tensor.values.map { max($0, 0) })
    }

    /// A network of the same kind with a copy of this one's parameters (not its optimizer, nor its
    /// buffers), for work off the training thread, e.g. saliency on a snapshot. Take it where nothing
    /// trains this network at the same moment (between two steps).
    public func copy() -> Network {
        let copy = Network(kind)
        copy.store.restore(store.snapshot())
        return copy
    }
}
