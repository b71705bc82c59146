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

    /// Writes the images `indices` into `input` and their labels into `labels`; with an augmentation, each image
    /// is first transformed with draws from `rng`. With a pool, the images are split over its threads: they come
    /// from memory (the training images are 47 MB), and on one thread this was 2–3 % of a training step while the
    /// other core waited. The draws are taken first, in order, so the result does not depend on the split.
    public func fill(_ input: Tensor, labels: inout [Int32], indices: some Collection<Int>,
                     augmentation: Augmentation? = nil, rng: inout SplitMix64, pool: ComputePool? = nil) {
        let side = LabeledImages.side, size = LabeledImages.pixelsPerImage
        let chosen = Array(indices), count = chosen.count
        input.resize(to: [count, 1, side, side])
        if labels.count < count { labels = [Int32](repeating: 0, count: count) }
        for (row, index) in chosen.enumerated() { labels[row] = Int32(images.labels[index]) }
        let transform = augmentation.flatMap { $0.isIdentity ? nil : $0 }
        let draws = transform.map { transform in chosen.map { transform.draw(label: images.labels[$0], rng: &rng) } }
        let scale = 1 / (255 * standardDeviation), shift = -mean / standardDeviation
        images.pixels.withUnsafeBufferPointer { pixels in
            input.withUnsafeMutableBufferPointer { target in
                let source = pixels.baseAddress!, target = target.baseAddress!
                let convert = { (part: Int, parts: Int) in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { scratch in
                        for row in ComputePool.range(part: part, of: parts, count: count) {
                            var image = source + chosen[row] * size
                            if let transform, let draws {
                                transform.apply(draws[row], to: image, into: scratch.baseAddress!)
                                image = UnsafePointer(scratch.baseAddress!)
                            }
                            let line = target + row * size
                            for i in 0..<size { line[i] = Float(image[i]) * scale + shift }
                        }
                    }
                }
                if let pool { pool.run(convert) } else { convert(0, 1) }
            }
        }
    }

    /// `fill` without augmentation, for evaluation.
    public func fill(_ input: Tensor, labels: inout [Int32], indices: some Collection<Int>, pool: ComputePool? = nil) {
        var unused = SplitMix64(seed: 0)
        fill(input, labels: &labels, indices: indices, augmentation: nil, rng: &unused, pool: pool)
    }
}
