// `fmnist-tui eval`: scores saved weights on the 10,000 test images.
import ArgumentParser
import FashionMNIST
import Foundation
import Reports
import NeuralNet
import Training

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score saved weights (.pth or .safetensors) on the Fashion-MNIST test set.",
        discussion: """
            Prints the test loss, the accuracy and the confusion matrix with each class's accuracy. \
            Inputs are pixels / 255, as in training. The model is inferred from the tensor names unless \
            --model is given; the file must hold exactly that model's tensors with its shapes.
            """)

    @OptionGroup var weights: WeightsOptions
    @Option(help: "Compute threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object only.") var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let network = try weights.loadNetwork()
        let dataset = try data.load()
        var evaluator = Evaluator(pool: ComputePool(width: threads))
        let (evaluation, _) = evaluator.evaluate(network, on: BatchAssembler(images: dataset.test))
        if json {
            try EvaluationReport.printJSON(
                EvaluationReport.jsonObject(evaluation, model: network.kind.rawValue, weights: weights.weights))
        } else {
            print("\(weights.weights): \(network.kind.displayName), "
                + "\(network.kind.parameterCount.formatted()) parameters")
            for line in EvaluationReport.textLines(evaluation) { print(line) }
        }
    }
}
