// Batch assembly: training or test images as an input tensor and a label buffer, normalised and augmented.
import FashionMNIST
import NeuralNet

/// Fills input tensors (N, 1, 28, 28) with pixels / 255 (optionally normalised and augmented)
/// and label buffers from a LabeledImages.
public struct BatchAssembler: Sendable {
    /// The training set's pixel mean and standard deviation (on the 0–1 scale).
    public static let trainMean: Float = 0.2860, trainStandardDeviation: Float = 0.3530

    public let images: LabeledImages
    /// Applied to x / 255: (x − mean) / std. The seed uses none (mean 0, std 1).
    public let mean: Float
    public let standardDeviation: Float

    public init(images: LabeledImages, normalized: Bool = false) {
        self.images = images
        mean = normalized ? Self.trainMean : 0
        standardDeviation = normalized ? Self.trainStandardDeviation : 1
    }

    /// Writes the images `indices` into `input` and their labels into `labels`; with an
    /// augmentation, each image is first transformed with draws from `rng`.
    public func fill(_ input: Tensor, labels: inout [Int32], indices: some Collection<Int>,
                     augmentation: Augmentation? = nil, rng: inout SplitMix64) {
        let side = LabeledImages.side, size = LabeledImages.pixelsPerImage
        input.resize(to: [indices.count, 1, side, side])
        if labels.count < indices.count { labels = [Int32](repeating: 0, count: indices.count) }
        let scale = 1 / (255 * standardDeviation), shift = -mean / standardDeviation
        var augmented = [UInt8](repeating: 0, count: size)
        images.pixels.withUnsafeBufferPointer { pixels in
            augmented.withUnsafeMutableBufferPointer { scratch in
                for (row, index) in indices.enumerated() {
                    let label = images.labels[index]
                    var source = pixels.baseAddress! + index * size
                    if let augmentation, !augmentation.isIdentity {
                        augmentation.apply(augmentation.draw(label: label, rng: &rng), to: source, into: scratch.baseAddress!)
                        source = UnsafePointer(scratch.baseAddress!)
                    }
                    input.withUnsafeMutableBufferPointer { target in
                        for i in 0..<size { target[row * size + i] = Float(source[i]) * scale + shift }
                    }
                    labels[row] = Int32(label)
                }
            }
        }
    }

    /// `fill` without augmentation, for evaluation.
    public func fill(_ input: Tensor, labels: inout [Int32], indices: some Collection<Int>) {
        var unused = SplitMix64(seed: 0)
        fill(input, labels: &labels, indices: indices, augmentation: nil, rng: &unused)
    }
}
