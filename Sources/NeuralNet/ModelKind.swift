// The seed's two models (GUIDE §1), each described once, as its list of layers.

public enum ModelKind: String, CaseIterable, Codable, Sendable {
    case fcnn, cnn

    public var displayName: String { self == .fcnn ? "FCNN" : "CNN" }

    public static let dropoutProbability: Float = 0.2

    /// Layer names: PyTorch's module names for layers with parameters (conv1, conv2, fc1, fc2, out), and
    /// `<what it follows>_<operation>` for the rest (fc1_relu, fc1_dropout, pool2_relu, …).
    public var architecture: Architecture {
        let p = Self.dropoutProbability
        let dense: [LayerSpec] = [
            LayerSpec("fc1", .linear(outputFeatures: 512)), LayerSpec("fc1_relu", .relu),
            LayerSpec("fc1_dropout", .dropout(probability: p, salt: 2)),
            LayerSpec("fc2", .linear(outputFeatures: 256)), LayerSpec("fc2_relu", .relu),
            LayerSpec("fc2_dropout", .dropout(probability: p, salt: 3)),
            LayerSpec("out", .linear(outputFeatures: 10)),
        ]
        switch self {
        case .fcnn:
            return Architecture(inputShape: [1, 28, 28], layers: [LayerSpec("flatten", .flatten)] + dense)
        case .cnn:
            // The seed computes pool(relu(conv(x))). Max-pooling first gives the same values and
            // gradients (relu and max commute; a pooled maximum ≤ 0 passes no gradient either way)
            // with the ReLU on a tensor four times smaller.
            return Architecture(inputShape: [1, 28, 28], layers: [
                LayerSpec("conv1", .convolution(outputChannels: 16, kernel: 3, padding: 1)),
                LayerSpec("pool1", .maxPool(size: 2)), LayerSpec("pool1_relu", .relu),
                LayerSpec("conv2", .convolution(outputChannels: 32, kernel: 3, padding: 1)),
                LayerSpec("pool2", .maxPool(size: 2)), LayerSpec("pool2_relu", .relu),
                LayerSpec("flatten", .flatten), LayerSpec("flatten_dropout", .dropout(probability: p, salt: 1)),
            ] + dense)
        }
    }

    /// (name, shape) of every parameter, in PyTorch's state_dict order.
    public var parameterSpecs: [(String, [Int])] { architecture.parameterSpecs }

    public var parameterCount: Int { parameterSpecs.reduce(0) { $0 + $1.1.reduce(1, *) } }

    /// Multiply-adds of one image's forward pass: each weight is used once per output pixel.
    public var multiplyAddsPerImage: Int { architecture.multiplyAddsPerImage }

    /// Multiply-adds of one image's training step (see `Architecture.trainingMultiplyAddsPerImage`).
    public var trainingMultiplyAddsPerImage: Int { architecture.trainingMultiplyAddsPerImage }
}
