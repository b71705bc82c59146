// Projection: the projector's fixed sample of test images, their penultimate activations, and the 2-D
// points PCA or t-SNE makes of them.
import NeuralNet

/// The 2-D picture of the sample: a point per image, in the sample's order.
public struct Projection: Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case pca, tsne

        public var displayName: String { self == .pca ? "PCA" : "t-SNE" }
    }

    public let method: Method
    /// (count, 2) row-major.
    public let points: [Float]
    /// Each point's class and test-set index.
    public let labels: [Int]
    public let testIndices: [Int]
    /// PCA's axes (the next epoch's sign reference) and variance explained; nil for t-SNE.
    public let axes: PrincipalAxes?

    public init(method: Method, points: [Float], labels: [Int], testIndices: [Int], axes: PrincipalAxes?) {
        precondition(points.count == 2 * labels.count && labels.count == testIndices.count, "one point per label")
        self.method = method
        self.points = points
        self.labels = labels
        self.testIndices = testIndices
        self.axes = axes
    }

    public var count: Int { labels.count }

    public func point(_ index: Int) -> (x: Float, y: Float) { (points[2 * index], points[2 * index + 1]) }

    /// The PCA projection of `activations` (count, dimension); nil when they are not finite.
    public static func pca(_ activations: [Float], dimension: Int, labels: [Int], testIndices: [Int],
                           previous: PrincipalAxes? = nil) -> Projection? {
        guard let axes = PCA.fit(activations, count: labels.count, dimension: dimension, previous: previous) else { return nil }
        return Projection(method: .pca, points: axes.project(activations, count: labels.count), labels: labels,
                          testIndices: testIndices, axes: axes)
    }

    /// The t-SNE embedding of `activations`, started from their PCA projection; nil when cancelled
    /// (see `TSNE.embed`) or the activations are not finite.
    public static func tsne(_ activations: [Float], dimension: Int, labels: [Int], testIndices: [Int], settings: TSNE = TSNE(),
                            progress: (_ iterationsDone: Int) -> Bool = { _ in true }) -> Projection? {
        guard let start = pca(activations, dimension: dimension, labels: labels, testIndices: testIndices),
              let points = settings.embed(activations, count: labels.count, dimension: dimension, initial: start.points,
                                          progress: progress)
        else { return nil }
        return Projection(method: .tsne, points: points, labels: labels, testIndices: testIndices, axes: nil)
    }
}

/// The projector's images: the first `perClass` test images of each class, by class, then in
/// test-set order (200 per class: 2,000), the same every epoch.
public enum ProjectionSample {
    public static let perClass = 200

    public static func indices(labels: [UInt8], perClass: Int = perClass, classes: Int = 10) -> [Int] {
        (0..<classes).flatMap { label in labels.indices.lazy.filter { Int(labels[$0]) == label }.prefix(perClass) }
    }
}

/// Activations at a named point of a network (see `Network.points`), computed batch by batch in
/// evaluation mode, on any network (a copy of a training one: `Network.copy`).
public enum Activations {
    /// The penultimate activation: the ReLU after the 256-unit layer, in both models.
    public static let penultimate = "fc2_relu"

    /// - fill: writes the images `range` of the sample into the tensor (N, 1, 28, 28), normalised as in training.
    /// - Returns: (count, item size of the point) row-major, and that item size.
    public static func capture(_ point: String, of network: Network, count: Int, pool: ComputePool, batchSize: Int = 250,
                               fill: (Tensor, Range<Int>) -> Void) -> (values: [Float], itemSize: Int) {
        let context = PassContext(pool: pool, training: false, computesParameterGradients: false)
        let input = Tensor(shape: [1])
        var values = [Float]()
        var itemSize = 0
        for start in Swift.stride(from: 0, to: count, by: batchSize) {
            fill(input, start..<min(start + batchSize, count))
            guard let batch = network.forward(input, context, capturing: [point]).activations[point] else { continue }
            itemSize = batch.itemSize
            values += batch.values
        }
        return (values, itemSize)
    }
}
