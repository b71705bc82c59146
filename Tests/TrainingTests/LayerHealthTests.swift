// Layer health on hand-made cases: the update ratio of a known step, the dead units of known
// activations, and the trainer's samples and dead units from a short real run.
import FashionMNIST
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Layer health")
struct LayerHealthTests {
    /// W = [3, 4; 0, 0] (‖W‖ = 5) moved by ΔW = [0.003, 0; 0, 0.004] → ‖ΔW‖ = 0.005, ratio 1e-3;
    /// the gradient [1, 2; 2, 4] has norm 5.
    @Test func updateProbeMeasuresAKnownStep() throws {
        let store = ParameterStore(specs: [("w", [2, 2]), ("b", [2])])
        let (w, b) = (store["w"], store["b"])
        store.write(w, [2.997, 4, 0, -0.004])
        store.write(b, [0, 0])
        let probe = UpdateProbe(store)
        probe.recordValues()
        store.write(w, [3, 4, 0, 0])
        store.writeGradient(w, [1, 2, 2, 4])
        store.write(b, [0, 0])
        let norms = probe.measure()
        #expect(norms.map(\.name) == ["w", "b"])
        #expect(abs(norms[0].weight - 5) < 1e-6)
        #expect(abs(norms[0].update - 0.005) < 1e-6)
        #expect(abs(try #require(norms[0].updateRatio) - 1e-3) < 1e-6)
        #expect(abs(norms[0].gradient - 5) < 1e-6)
        #expect(norms[1].updateRatio == nil && norms[1].update == 0)
    }

    /// Two batches of a 4-unit ReLU: unit 0 fires in the first, unit 2 in the second, units 1 and 3
    /// never: half are dead, over 5 images; the next epoch starts afresh.
    @Test func deadUnitsAreThoseThatNeverFired() {
        let network = Network(.fcnn)
        let sampler = LayerHealthSampler(network: network, batchesPerEpoch: 2400)
        #expect(sampler.interval == 100)
        #expect(sampler.reluLayers == ["fc1_relu", "fc2_relu"])
        sampler.accumulate(["fc1_relu": Tensor(shape: [2, 4], values: [0.5, 0, 0, 0, 0, 0, 0, 0])])
        sampler.accumulate(["fc1_relu": Tensor(shape: [3, 4], values: [0, 0, 0, 0, 0, 0, 2, 0, 0, -1, 0, 0])])
        let epoch = sampler.endEpoch()
        #expect(epoch.deadUnits == [DeadUnits(layer: "fc1_relu", units: 4, dead: 2, images: 5)])
        #expect(epoch.deadUnits[0].fraction == 0.5)
        #expect(sampler.endEpoch().deadUnits.isEmpty)
    }

    /// A real trainer with sampling on, on 200 synthetic images, batch 20 (10 steps, a sample every
    /// step): step 1's loss is the loss at initialisation, every sample measures the Adam step of
    /// every tensor (for the weights of the seed's initialisation and lr 1e-3, between 1e-4 and 1e-1),
    /// and the epoch reports each ReLU's dead units and its weights.
    @Test func trainerReportsSamplesDeadUnitsAndWeights() throws {
        var rng = SplitMix64(seed: 7)
        let images = LabeledImages(pixels: (0..<200 * 784).map { _ in UInt8(rng.next() % 256) },
                                   labels: (0..<200).map { UInt8($0 % 10) })
        let dataset = FashionMNIST(train: images, test: images.subset(0..<20))
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 1
        configuration.threads = 1
        let trainer = Trainer(configuration: configuration, dataset: dataset)
        trainer.samplesLayerHealth = true
        trainer.sharesEpochWeights = true
        let events = EventLog()
        try trainer.run { events.append($0) }
        let samples = events.all.flatMap { event -> [LayerHealthSample] in
            if case .progress(let progress) = event { return progress.healthSamples } else { return [] }
        }
        #expect(samples.map(\.step) == Array(1...8))
        #expect(abs(samples[0].loss - log(10.0)) < 1.5)
        for sample in samples {
            #expect(sample.parameters.map(\.name) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "out.weight", "out.bias"])
            for parameter in sample.parameters where parameter.name.hasSuffix("weight") {
                let ratio = try #require(parameter.updateRatio)
                #expect(ratio > 1e-4 && ratio < 1e-1, "\(parameter.name) step \(sample.step): \(ratio)")
                #expect(parameter.gradient > 0)
            }
        }
        let report = try #require(events.all.compactMap { event -> EpochReport? in
            if case .epochFinished(let report) = event { return report } else { return nil }
        }.first)
        let health = try #require(report.layerHealth)
        #expect(health.deadUnits.map(\.layer) == ["fc1_relu", "fc2_relu"])
        #expect(health.deadUnits.allSatisfy { $0.images == 160 && $0.units > 0 && $0.dead <= $0.units })
        #expect(health.samplingCPUSeconds > 0 && health.epochCPUSeconds > health.samplingCPUSeconds)
        let weights = try #require(report.weights)
        let copy = Network(.fcnn)
        copy.store.restore(weights)
        #expect(copy.stateDict().map(\.values) == trainer.network.stateDict().map(\.values))
    }
}

/// Events collected from the trainer's thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events = [TrainingEvent]()

    func append(_ event: TrainingEvent) { lock.withLock { events.append(event) } }
    var all: [TrainingEvent] { lock.withLock { events } }
}
