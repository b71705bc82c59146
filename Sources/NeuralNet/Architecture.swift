// A model's layers as one list, and what is derived from it: each layer's shapes, the parameter specs
// and the multiply-adds per image.

public struct Architecture: Sendable {
    /// One image: (C, H, W).
    public let inputShape: [Int]
    public let layers: [LayerSpec]
    /// One item's shape before each layer, then after the last: layers.count + 1 shapes.
    public let shapes: [[Int]]

    public init(inputShape: [Int], layers: [LayerSpec]) {
        precondition(Set(layers.map(\.name)).count == layers.count, "layer names must be unique")
        self.inputShape = inputShape
        self.layers = layers
        var shapes = [inputShape]
        for layer in layers { shapes.append(layer.outputShape(input: shapes.last!)) }
        self.shapes = shapes
    }

    /// Each layer with the shape of one item of its input.
    var layersWithInputShapes: Zip2Sequence<[LayerSpec], [[Int]]> { zip(layers, shapes) }

    /// (name, shape) of every parameter, in PyTorch's state_dict order.
    public var parameterSpecs: [(String, [Int])] { layersWithInputShapes.flatMap { $0.parameters(input: $1) } }

    /// Multiply-adds of one image's forward pass.
    public var multiplyAddsPerImage: Int { layersWithInputShapes.reduce(0) { $0 + $1.0.multiplyAdds(input: $1.1) } }

    /// Multiply-adds of one image's training step: the forward pass, the weight gradients (as many again), and the
    /// input gradients (as many again) of every layer with weights but the first, whose input gradient feeds nothing.
    public var trainingMultiplyAddsPerImage: Int {
        let first = layersWithInputShapes.lazy.map { $0.0.multiplyAdds(input: $0.1) }.first { $0 > 0 } ?? 0
        return 3 * multiplyAddsPerImage - first
    }
}
