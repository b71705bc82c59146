// A model: named parameters plus the chain of layers its architecture lists (named points: Network+Points).
import Foundation

public final class Network: @unchecked Sendable {
    public let kind: ModelKind
    public let architecture: Architecture
    public let store: ParameterStore
    /// The layers of `architecture.layers`, in order.
    public let layers: [Layer]
    /// Each convolution → 2×2 max-pooling → ReLU of `layers`, run fused when no point inside it is asked for.
    let blocks: [ConvolutionBlock]
    /// Each fully connected layer → ReLU → dropout of `layers`, whose forward passes run as one job.
    let denseBlocks: [DenseBlock]
    /// Whether `denseBlocks` run as blocks (the same bits as their layers one by one); tests turn it off to compare.
    var runsDenseBlocks = true
    /// The first layer with parameters. Training needs no gradient below it, so it computes no input gradient
    /// unless one is asked for: the FCNN's fc1 follows a flatten, and its dX (N × 784) fed nothing.
    let firstLayerWithParameters: Int

    /// Builds the seed's architecture (GUIDE §1) with zeroed parameters; call `initialize`.
    public init(_ kind: ModelKind) {
        self.kind = kind
        architecture = kind.architecture
        let store = ParameterStore(specs: architecture.parameterSpecs)
        self.store = store
        let layers = architecture.layersWithInputShapes.map { $0.makeLayer(store: store, input: $1) }
        self.layers = layers
        blocks = layers.indices.compactMap { ConvolutionBlock(layers, start: $0) }
        denseBlocks = layers.indices.compactMap { DenseBlock(layers, start: $0) }
        firstLayerWithParameters = Array(architecture.layersWithInputShapes).firstIndex { !$0.parameters(input: $1).isEmpty }
            ?? layers.count
    }

    /// Each layer's parameters as its `LayerSpec.initialization` says, layer after layer, weight
    /// before bias (PyTorch's state_dict order).
    public func initialize(rng: inout SplitMix64) {
        for layer in architecture.layers {
            guard let initialization = layer.initialization else { continue }
            initialization.fill(weight: store[layer.weightName], bias: store[layer.biasName], in: store, rng: &rng)
        }
    }

    /// - input: (N, 1, 28, 28) → logits (N, 10), a buffer of the last layer, valid until the next pass.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        forward(input, context, capturing: []).logits
    }

    /// Back-propagates ∂loss/∂logits, leaving every parameter's gradient in the store (see
    /// `backward(_:_:gradientsAt:)` for gradients at named points and ∂loss/∂input).
    public func backward(_ logitsGradient: Tensor, _ context: PassContext) {
        backward(logitsGradient, context, gradientsAt: [])
    }

    /// Parameter values by PyTorch name, in state_dict order.
    public func stateDict() -> [(name: String, shape: [Int], values: [Float])] {
        store.parameters.map { ($0.name, $0.shape, store.read($0)) }
    }
}
