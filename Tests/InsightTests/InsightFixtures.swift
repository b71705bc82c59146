// Fixtures of the Insight tests: the seed's trained weights, real test images, the float64 reference logit.
import FashionMNIST
import Foundation
import ModelFiles
import NeuralNet
import Testing
@testable import Insight

enum InsightFixtures {
    /// `../shared/seed-weights` beside the package root (this file is Tests/InsightTests/…).
    static let seedWeights = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/seed-weights")

    /// A pool of its own for each caller: a pool runs one job at a time, and the tests run in parallel.
    static var pool: ComputePool { ComputePool(width: 1) }

    /// The seed's trained network of `kind` (FNet_model.pth, convNet_model.pth).
    static func seedNetwork(_ kind: ModelKind) throws -> Network {
        let file = seedWeights.appendingPathComponent(kind == .fcnn ? "FNet_model.pth" : "convNet_model.pth")
        let dict = try PyTorchCheckpoint.read(contentsOf: file)
        let network = Network(kind)
        for (name, _) in kind.parameterSpecs {
            let tensor = try #require(dict[name], "\(file.lastPathComponent) lacks \(name)")
            network.store.write(network.store[name], tensor.values)
        }
        return network
    }

    /// The real test set (dataset-fashion-mnist).
    static let testImages: LabeledImages = {
        (try? FashionMNIST.load(from: FashionMNIST.defaultDirectory).test) ?? LabeledImages(pixels: [], labels: [])
    }()

    /// Test image `index` as pixels / 255.
    static func image(_ index: Int) -> [Float] { testImages.image(index).map { Float($0) / 255 } }

    /// Logit `target` of the network at pixels `x`, by the float64 plain-loop reference, with the input
    /// normalised as the model does.
    static func referenceLogit(_ model: AttributionModel, _ target: Int) -> ([Double]) -> Double {
        let (mean, std) = (Double(model.inputMean), Double(model.inputStandardDeviation))
        return { x in model.network.referenceLogits(from: "input", activation: x.map { ($0 - mean) / std }, batch: 1)[target] }
    }
}
