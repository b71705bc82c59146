// FilterMaps: what the CNN's convolutions see: conv1's kernels, and the feature maps of conv1 and
// conv2 (after their ReLU, before pooling) for one image.
import NeuralNet

public struct FilterMaps: Sendable, Equatable {
    /// The test image the maps are of.
    public let testIndex: Int
    /// conv1's kernels, (16, 3, 3) row-major (one input channel).
    public let kernels: [Float]
    public let kernelCount: Int
    public let kernelSide: Int
    /// Feature maps after the ReLU, (channels, side, side) row-major: conv1 (16, 28, 28), conv2 (32, 14, 14).
    public let layers: [Layer]

    public struct Layer: Sendable, Equatable {
        public let name: String
        public let channels: Int
        public let side: Int
        public let values: [Float]

        /// Channel `channel` as (side × side) values.
        public func map(_ channel: Int) -> ArraySlice<Float> { values[channel * side * side..<(channel + 1) * side * side] }
    }

    /// The convolutions whose maps are shown: the seed's F.relu(conv(x)) points (Network+Points).
    public static let points = ["conv1_relu", "conv2_relu"]

    /// The maps of `image` (1, 1, 28, 28), normalised as in training; nil for a network without
    /// convolutions (the FCNN).
    public static func compute(_ network: Network, image: Tensor, testIndex: Int, pool: ComputePool) -> FilterMaps? {
        guard network.points.contains(points[0]) else { return nil }
        let weight = network.store["conv1.weight"]
        let context = PassContext(pool: pool, training: false, computesParameterGradients: false)
        let captured = network.forward(image, context, capturing: Set(points)).activations
        let layers = points.compactMap { name -> Layer? in
            guard let tensor = captured[name], tensor.shape.count == 4 else { return nil }
            return Layer(name: String(name.prefix { $0 != "_" }), channels: tensor.shape[1], side: tensor.shape[2],
                         values: tensor.values)
        }
        return FilterMaps(testIndex: testIndex, kernels: network.store.read(weight), kernelCount: weight.shape[0],
                          kernelSide: weight.shape[3], layers: layers)
    }

    /// Kernel `index` as (side × side) weights.
    public func kernel(_ index: Int) -> ArraySlice<Float> {
        let size = kernelSide * kernelSide
        return kernels[index * size..<(index + 1) * size]
    }

    /// Weights as grey levels: 0 at mid-grey, ± the largest |weight| of all kernels at white / black.
    public func kernelPixels(_ index: Int) -> [UInt8] {
        let largest = kernels.map(abs).max() ?? 0
        return kernel(index).map { largest > 0 ? UInt8((127.5 + 127.5 * Double($0 / largest)).rounded()) : 128 }
    }

    /// A feature map as grey levels, 0 black to its own largest value white (all black when it is 0).
    public static func pixels(_ map: ArraySlice<Float>) -> [UInt8] {
        let largest = map.max() ?? 0
        return map.map { largest > 0 ? UInt8((255 * Double(max($0, 0) / largest)).rounded()) : 0 }
    }
}
