// `fmnist-tui embed`: the projector's 2-D points (PCA or t-SNE of the penultimate activations of
// 2,000 test images) from saved weights, for scripts and tests.
import ArgumentParser
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Reports
import Training

extension Projection.Method: ExpressibleByArgument {}

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Project saved weights' penultimate activations of test images to 2-D (PCA or t-SNE).",
        discussion: """
            Runs the first --per-class test images of each class (200: 2,000 images, the dashboard's \
            projector sample) through the net (inputs pixels / 255, as eval; --normalize for weights \
            trained with the improved recipe) and takes the 256 activations after the ReLU of the \
            256-unit layer (fc2_relu). PCA: LAPACK's ssyevd on their covariance, each axis's largest \
            coefficient positive; prints the variance each axis explains. t-SNE: exact, perplexity 30, \
            1,000 iterations from the PCA layout (progress on stderr). Prints a line per image: test \
            index, label, class name, x, y; --json prints one object with the points.
            """)

    @OptionGroup var weights: WeightsOptions
    @Option(help: "pca or tsne.") var method = Projection.Method.pca
    @Option(name: .customLong("per-class"), help: "Test images per class.") var perClass = ProjectionSample.perClass
    @Option(help: "t-SNE perplexity.") var perplexity = 30.0
    @Option(help: "t-SNE iterations.") var iterations = 1000
    @Flag(help: "Inputs (x/255 − 0.2860) / 0.3530, as the improved recipe trains.") var normalize = false
    @Option(help: "Compute threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object only.") var json = false

    func validate() throws {
        guard (1...1000).contains(perClass) else { throw ValidationError("--per-class must be 1 to 1000, got \(perClass)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard perplexity >= 1 else { throw ValidationError("--perplexity must be at least 1, got \(perplexity)") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        if method == .tsne && Double(10 * perClass) <= 3 * perplexity {
            throw ValidationError("--per-class \(perClass) gives \(10 * perClass) points, too few for --perplexity "
                + "\(perplexity): t-SNE needs more than 3 × perplexity; raise --per-class or lower --perplexity")
        }
    }

    func run() throws {
        let network = try weights.loadNetwork()
        let dataset = try data.load()
        let started = Date()
        let sample = ProjectionSample.indices(labels: dataset.test.labels, perClass: perClass)
        let assembler = BatchAssembler(images: dataset.test, normalized: normalize)
        var labelBuffer = [Int32]()
        let (activations, dimension) = Activations.capture(Activations.penultimate, of: network, count: sample.count,
                                                          pool: ComputePool(width: threads)) { tensor, range in
            assembler.fill(tensor, labels: &labelBuffer, indices: sample[range])
        }
        let labels = sample.map { Int(dataset.test.labels[$0]) }
        let projection: Projection?
        switch method {
        case .pca:
            projection = Projection.pca(activations, dimension: dimension, labels: labels, testIndices: sample)
        case .tsne:
            var settings = TSNE()
            settings.perplexity = perplexity
            settings.iterations = iterations
            projection = Projection.tsne(activations, dimension: dimension, labels: labels, testIndices: sample,
                                         settings: settings) { done in
                if !json && (done % 100 == 0 || done == iterations) {
                    FileHandle.standardError.write(Data("t-SNE: \(done)/\(iterations) iterations\n".utf8))
                }
                return true
            }
        }
        guard let projection else {
            throw UserFacingError(description: "\(weights.weights): the activations are not finite numbers (diverged weights?)")
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            try EvaluationReport.printJSON(jsonObject(projection, network: network, dimension: dimension, seconds: seconds))
        } else {
            printText(projection, network: network, dimension: dimension, seconds: seconds)
        }
    }

    private func jsonObject(_ projection: Projection, network: Network, dimension: Int, seconds: Double) -> [String: Any] {
        var object: [String: Any] = [
            "weights": weights.weights, "model": network.kind.rawValue, "method": projection.method.rawValue,
            "point": Activations.penultimate, "dimension": dimension, "count": projection.count, "seconds": seconds,
            "points": (0..<projection.count).map { index -> [String: Any] in
                let (x, y) = projection.point(index)
                return ["test_index": projection.testIndices[index], "label": projection.labels[index],
                        "class": FashionMNIST.classNames[projection.labels[index]], "x": Double(x), "y": Double(y)]
            },
        ]
        if let axes = projection.axes { object["variance_explained"] = axes.varianceExplained }
        if projection.method == .tsne { object["perplexity"] = perplexity; object["iterations"] = iterations }
        return object
    }

    private func printText(_ projection: Projection, network: Network, dimension: Int, seconds: Double) {
        var header = "\(weights.weights): \(network.kind.displayName), \(projection.method.displayName) of \(Activations.penultimate) "
            + "(\(dimension)-d) of \(projection.count.formatted()) test images (\(perClass) per class)"
        if let axes = projection.axes {
            header += "; variance explained " + axes.varianceExplained.map { String(format: "%.1f %%", 100 * $0) }.joined(separator: " + ")
        }
        print("# " + header + String(format: "; %.2f s", seconds))
        print("# test_index label class x y")
        for index in 0..<projection.count {
            let (x, y) = projection.point(index)
            let label = projection.labels[index]
            print("\(projection.testIndices[index]) \(label) \(FashionMNIST.classNames[label].replacingOccurrences(of: " ", with: "_")) "
                + String(format: "%.6g %.6g", x, y))
        }
    }
}
