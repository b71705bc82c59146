// Fixtures: a two-model dashboard state, tiny test images and the training events the reducer tests feed it.
import FashionMNIST
import Foundation
import NeuralNet
import TerminalUI
@testable import Dashboard
@testable import Training

enum Fixtures {
    /// Twelve 28×28 test images; image i is a flat grey of 20·i, its label i % 10.
    static let testImages = LabeledImages(
        pixels: (0..<12).flatMap { [UInt8](repeating: UInt8(20 * $0), count: 784) },
        labels: (0..<12).map { UInt8($0 % 10) })

    static let themeNames = ["dark", "high-contrast", "light", "mono"]

    /// FCNN and CNN, 5 epochs planned, batch 20, each pool at 2 threads, nothing received yet.
    static func state(size: Size = Size(width: 140, height: 45)) -> DashboardState {
        DashboardState(models: [ModelRunState(model: .fcnn, plannedEpochs: 5, batchSize: 20, computeThreads: 2),
                                ModelRunState(model: .cnn, plannedEpochs: 5, batchSize: 20, computeThreads: 2)],
                       testImages: testImages, themeNames: themeNames, themeName: "dark", screenSize: size, cores: 2)
    }

    static func configuration(_ model: ModelKind) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(model: model)
        configuration.epochs = 5
        return configuration
    }

    static func started(_ model: ModelKind, history: [EpochMetrics] = []) -> TrainingEvent {
        .started(TrainingStart(model: model, configuration: configuration(model),
                               runFolder: URL(fileURLWithPath: "/runs/20250412-153012-\(model.rawValue)"),
                               batchesPerEpoch: 100, completedEpochs: history.count, history: history))
    }

    static func progress(_ model: ModelKind, epoch: Int, batch: Int, loss: Double = 0.5, speed: Double = 1840) -> TrainingEvent {
        .progress(BatchProgress(model: model, epoch: epoch, batch: batch, batchesPerEpoch: 100, runningLoss: loss,
                                imagesPerSecond: speed))
    }

    static func metrics(_ epoch: Int, train: Double, valid: Double, accuracy: Double) -> EpochMetrics {
        EpochMetrics(epoch: epoch, trainLoss: train, validLoss: valid, validAccuracy: accuracy, seconds: 12.5)
    }

    /// An earlier run, as the `r` list receives it.
    static func run(id: String, model: ModelKind, plannedEpochs: Int, history: [EpochMetrics], status: RunStatus) -> RunSummary {
        RunSummary(id: id, folder: URL(fileURLWithPath: "/runs/\(id)"), model: model, recipe: "seed",
                   plannedEpochs: plannedEpochs, history: history, status: status)
    }

    /// A 10×10 matrix with `diagonal` on the diagonal and 1 elsewhere.
    static func evaluation(diagonal: Int = 91, loss: Double = 0.4) -> Evaluation {
        let confusion = (0..<10).map { row in (0..<10).map { $0 == row ? diagonal : 1 } }
        return Evaluation(loss: loss, correct: 10 * diagonal, total: 10 * (diagonal + 9), confusion: confusion)
    }

    /// Predictions for the twelve test images: image i gets `confidence` on `predicted(i)`, the rest spread evenly.
    static func predictions(confidences: [Float], predicted: (Int) -> Int) -> Predictions {
        var probabilities = [Float]()
        for (index, confidence) in confidences.enumerated() {
            let rest = (1 - confidence) / 9
            probabilities += (0..<10).map { $0 == predicted(index) ? confidence : rest }
        }
        return Predictions(probabilities: probabilities)
    }

    /// Twelve predictions: images 1, 4 and 7 wrong (predicted label + 1) with confidences 0.6, 0.9 and 0.75.
    static let preview = predictions(confidences: [0.8, 0.6, 0.8, 0.8, 0.9, 0.8, 0.8, 0.75, 0.8, 0.8, 0.8, 0.8]) { index in
        [1, 4, 7].contains(index) ? (index % 10 + 1) % 10 : index % 10
    }

    static func epochFinished(_ model: ModelKind, _ metrics: EpochMetrics, bestEpoch: Int, bestValidLoss: Double,
                              preview: Predictions? = Fixtures.preview) -> TrainingEvent {
        .epochFinished(EpochReport(model: model, metrics: metrics, validation: evaluation(loss: metrics.validLoss ?? 0),
                                   isBest: bestEpoch == metrics.epoch, bestEpoch: bestEpoch, bestValidLoss: bestValidLoss,
                                   testPreview: preview))
    }

    static func finished(_ model: ModelKind, bestEpoch: Int) -> TrainingEvent {
        .finished(FinalReport(model: model, bestEpoch: bestEpoch, test: evaluation(diagonal: 90), lastTest: evaluation(diagonal: 89),
                              testPredictions: preview, runFolder: nil))
    }

    /// A state after `reduce` has taken every input, in order.
    static func reduced(_ inputs: [DashboardInput], from start: DashboardState = Fixtures.state()) -> DashboardState {
        var state = start
        for input in inputs { _ = reduce(&state, input) }
        return state
    }

    /// FCNN after two epochs and a third in progress; CNN after one epoch.
    static var midTraining: [DashboardInput] {
        [
            .training(slot: 0, started(.fcnn)), .training(slot: 1, started(.cnn)),
            .training(slot: 0, epochFinished(.fcnn, metrics(1, train: 0.62, valid: 0.48, accuracy: 0.83), bestEpoch: 1, bestValidLoss: 0.48)),
            .training(slot: 0, epochFinished(.fcnn, metrics(2, train: 0.44, valid: 0.41, accuracy: 0.853), bestEpoch: 2, bestValidLoss: 0.41)),
            .training(slot: 0, progress(.fcnn, epoch: 3, batch: 40, loss: 0.39, speed: 1840)),
            .training(slot: 1, epochFinished(.cnn, metrics(1, train: 0.55, valid: 0.42, accuracy: 0.85), bestEpoch: 1, bestValidLoss: 0.42)),
            .training(slot: 1, progress(.cnn, epoch: 2, batch: 10, loss: 0.35, speed: 730)),
        ]
    }
}
