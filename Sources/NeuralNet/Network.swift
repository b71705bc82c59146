// A model: named parameters plus a chain of layers, with the seed's FCNN and CNN.
import Foundation

public enum ModelKind: String, CaseIterable, Codable, Sendable {
    case fcnn, cnn

    public var displayName: String { self == .fcnn ? "FCNN" : "CNN" }

    /// (name, shape) of every parameter, in PyTorch's state_dict order.
    public var parameterSpecs: [(String, [Int])] {
        let dense: [(String, [Int])] = [
            ("fc1.weight", [512, self == .fcnn ? 784 : 1568]), ("fc1.bias", [512]),
            ("fc2.weight", [256, 512]), ("fc2.bias", [256]),
            ("out.weight", [10, 256]), ("out.bias", [10]),
        ]
        switch self {
        case .fcnn: return dense
        case .cnn:
            return [("conv1.weight", [16, 1, 3, 3]), ("conv1.bias", [16]),
                    ("conv2.weight", [32, 16, 3, 3]), ("conv2.bias", [32])] + dense
        }
    }

    public var parameterCount: Int { parameterSpecs.reduce(0) { $0 + $1.1.reduce(1, *) } }

    /// Multiply-adds of one image's forward pass: each weight is used once per output pixel.
    public var multiplyAddsPerImage: Int {
        let outputPixels = ["conv1.weight": 28 * 28, "conv2.weight": 14 * 14]
        return parameterSpecs.filter { $0.1.count > 1 }.reduce(0) { total, spec in
            total + spec.1.reduce(1, *) * (outputPixels[spec.0] ?? 1)
        }
    }
}

public final class Network: @unchecked Sendable {
    public let kind: ModelKind
    public let store: ParameterStore
    public let layers: [Layer]
    public static let dropoutProbability: Float = 0.2

    /// Builds the seed's architecture (GUIDE §1) with zeroed parameters; call `initialize`.
    public init(_ kind: ModelKind) {
        self.kind = kind
        store = ParameterStore(specs: kind.parameterSpecs)
        let p = Network.dropoutProbability
        let dense: [Layer] = [
            Linear(store, weight: "fc1.weight", bias: "fc1.bias"), ReLU(), Dropout(probability: p, salt: 2),
            Linear(store, weight: "fc2.weight", bias: "fc2.bias"), ReLU(), Dropout(probability: p, salt: 3),
            Linear(store, weight: "out.weight", bias: "out.bias"),
        ]
        switch kind {
        case .fcnn:
            layers = [Flatten()] + dense
        case .cnn:
            // The seed computes pool(relu(conv(x))). Max-pooling first gives the same values and
            // gradients (relu and max commute; a pooled maximum ≤ 0 passes no gradient either way)
            // with the ReLU on a tensor four times smaller.
            layers = [
                Conv2d(store, weight: "conv1.weight", bias: "conv1.bias", padding: 1, inputSize: (28, 28)),
                MaxPool2d(size: 2), ReLU(),
                Conv2d(store, weight: "conv2.weight", bias: "conv2.bias", padding: 1, inputSize: (14, 14)),
                MaxPool2d(size: 2), ReLU(),
                Flatten(), Dropout(probability: p, salt: 1),
            ] + dense
        }
    }

    /// The seed's initialisation: Linear weights ~ N(0, 1/√fan_in) and biases 0; Conv2d weights and
    /// biases ~ U(−1/√fan_in, 1/√fan_in) (PyTorch's default kaiming-uniform with a = √5).
    public func initialize(rng: inout SplitMix64) {
        for parameter in store.parameters {
            let name = parameter.name
            let isConv = name.hasPrefix("conv")
            let weightShape = store[name.replacingOccurrences(of: ".bias", with: ".weight")].shape
            let fanIn = Double(weightShape.dropFirst().reduce(1, *))
            let bound = 1 / fanIn.squareRoot()
            let values = store.value(parameter)
            for i in 0..<parameter.count {
                if isConv { values[i] = Float((rng.nextUniform() * 2 - 1)) * Float(bound) }
                else if parameter.isWeight { values[i] = Float(rng.nextNormal() * bound) }
                else { values[i] = 0 }
            }
        }
    }

    /// - input: (N, 1, 28, 28) → logits (N, 10)
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        layers.reduce(input) { activation, layer in layer.forward(activation, context) }
    }

    /// Back-propagates ∂loss/∂logits, leaving every parameter's gradient in the store.
    public func backward(_ logitsGradient: Tensor, _ context: PassContext) {
        var gradient = logitsGradient
        for (index, layer) in layers.enumerated().reversed() {
            guard let next = layer.backward(gradient, context, needsInputGradient: index > 0) else { break }
            gradient = next
        }
    }

    /// Parameter values by PyTorch name, in state_dict order.
    public func stateDict() -> [(name: String, shape: [Int], values: [Float])] {
        store.parameters.map { ($0.name, $0.shape, store.read($0)) }
    }
}
