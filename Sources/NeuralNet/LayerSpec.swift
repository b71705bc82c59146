// One layer of a model as data: its name and operation, and what follows from them given its input shape
// (output shape, parameters, initialisation, multiply-adds, the layer object itself).

public struct LayerSpec: Sendable {
    public enum Operation: Sendable {
        /// Stride 1; input channels come from the input shape.
        case convolution(outputChannels: Int, kernel: Int, padding: Int)
        case maxPool(size: Int)
        case relu
        /// - salt: distinguishes the masks of a model's dropout layers.
        case dropout(probability: Float, salt: UInt64)
        case flatten
        /// Input features come from the input shape.
        case linear(outputFeatures: Int)
    }

    /// Stable within a model: names its parameters (`<name>.weight`, `<name>.bias`, PyTorch's
    /// state_dict keys) and its output (see `Network.points`).
    public let name: String
    public let operation: Operation

    public init(_ name: String, _ operation: Operation) {
        self.name = name
        self.operation = operation
    }

    public var weightName: String { "\(name).weight" }
    public var biasName: String { "\(name).bias" }

    /// One item's output shape, given one item's input shape (no batch dimension): (C, H, W) or (F).
    public func outputShape(input: [Int]) -> [Int] {
        switch operation {
        case .convolution(let outputChannels, let kernel, let padding):
            let g = ConvGeometry(inputChannels: input[0], outputChannels: outputChannels, kernel: kernel,
                                 padding: padding, stride: 1, inputHeight: input[1], inputWidth: input[2])
            return [outputChannels, g.outputHeight, g.outputWidth]
        case .maxPool(let size): return [input[0], input[1] / size, input[2] / size]
        case .relu, .dropout: return input
        case .flatten: return [input.reduce(1, *)]
        case .linear(let outputFeatures): return [outputFeatures]
        }
    }

    /// (name, shape) of the weight and the bias, in PyTorch's state_dict order; none for the other layers.
    public func parameters(input: [Int]) -> [(String, [Int])] {
        switch operation {
        case .convolution(let outputChannels, let kernel, _):
            return [(weightName, [outputChannels, input[0], kernel, kernel]), (biasName, [outputChannels])]
        case .linear(let outputFeatures):
            return [(weightName, [outputFeatures, input[0]]), (biasName, [outputFeatures])]
        case .maxPool, .relu, .dropout, .flatten:
            return []
        }
    }

    /// How the parameters start: the seed's own choices (GUIDE §1).
    public var initialization: Initialization? {
        switch operation {
        case .convolution: return .uniformFanIn
        case .linear: return .normalWeightZeroBias
        case .maxPool, .relu, .dropout, .flatten: return nil
        }
    }

    /// Multiply-adds of one item's forward pass: each weight is used once per output pixel.
    public func multiplyAdds(input: [Int]) -> Int {
        guard let weight = parameters(input: input).first?.1 else { return 0 }
        let output = outputShape(input: input)
        return weight.reduce(1, *) * output.dropFirst().reduce(1, *)
    }

    /// The layer, with its parameters in `store`.
    func makeLayer(store: ParameterStore, input: [Int]) -> Layer {
        switch operation {
        case .convolution(_, _, let padding):
            return Conv2d(store, weight: weightName, bias: biasName, padding: padding,
                          inputSize: (input[1], input[2]))
        case .maxPool(let size): return MaxPool2d(size: size)
        case .relu: return ReLU()
        case .dropout(let probability, let salt): return Dropout(probability: probability, salt: salt)
        case .flatten: return Flatten()
        case .linear: return Linear(store, weight: weightName, bias: biasName)
        }
    }
}
