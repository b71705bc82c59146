// LayerHealthSampler: the trainer's cheap hook for the dashboard's layer-health pane. Every N steps
// (about 24 an epoch) it measures the real optimizer step of each parameter tensor (‖ΔW‖/‖W‖, ‖∇W‖)
// and the batch loss, and keeps which units of each ReLU fired on the sampled batches; at the end of
// an epoch it reports the units that never did.
import Foundation
import NeuralNet

/// One sampled step.
public struct LayerHealthSample: Sendable, Equatable {
    /// The optimizer's step (1: the first step from initialisation).
    public let step: Int
    /// The batch's mean loss, computed before the step's update (at step 1: the loss at initialisation).
    public let loss: Double
    public let parameters: [ParameterNorms]

    public init(step: Int, loss: Double, parameters: [ParameterNorms]) {
        self.step = step
        self.loss = loss
        self.parameters = parameters
    }
}

/// A ReLU's units (one per output element of an image: channel × position for a convolution's)
/// that were 0 for every sampled image of an epoch.
public struct DeadUnits: Sendable, Equatable {
    /// The ReLU layer's name (fc1_relu, pool1_relu, …).
    public let layer: String
    public let units: Int
    public let dead: Int
    /// Images the units were watched on.
    public let images: Int

    public var fraction: Double { units > 0 ? Double(dead) / Double(units) : 0 }
}

/// What the sampler saw over one epoch.
public struct LayerHealthEpoch: Sendable, Equatable {
    public let deadUnits: [DeadUnits]
    /// Time spent sampling during the epoch (to compare with the epoch's).
    public let samplingSeconds: Double
}

final class LayerHealthSampler {
    /// Sampled steps per epoch, whatever the batch size.
    static let samplesPerEpoch = 24

    /// Steps between samples; step 1 is always sampled.
    let interval: Int
    /// The network's ReLU layers, bottom up.
    let reluLayers: [String]
    private let probe: UpdateProbe
    /// Per ReLU, per unit: fired (> 0) on some sampled image this epoch.
    private var fired: [String: [Bool]] = [:]
    private var images = 0
    private var pending = [LayerHealthSample]()
    /// The sampler's own time this epoch (the copies of the captured ReLU outputs left out).
    private var samplingSeconds = 0.0

    init(network: Network, batchesPerEpoch: Int) {
        interval = max(1, batchesPerEpoch / Self.samplesPerEpoch)
        reluLayers = network.architecture.layers.filter { if case .relu = $0.operation { true } else { false } }.map(\.name)
        probe = UpdateProbe(network.store)
    }

    /// Before the forward pass of optimizer step `step` (counted by `beginStep`): nil when the step is
    /// not sampled, else the layers whose outputs the forward pass must capture (the values before
    /// the update are recorded now).
    func begin(step: Int) -> Set<String>? {
        guard (step - 1) % interval == 0 else { return nil }
        let started = Date()
        probe.recordValues()
        samplingSeconds += Date().timeIntervalSince(started)
        return Set(reluLayers)
    }

    /// After the backward pass (and the update) of a sampled step.
    func finish(step: Int, loss: Double, activations: [String: Tensor]) {
        let started = Date()
        pending.append(LayerHealthSample(step: step, loss: loss, parameters: probe.measure()))
        accumulate(activations)
        samplingSeconds += Date().timeIntervalSince(started)
    }

    /// Marks the units of each captured ReLU output (N, …) that are positive for some image.
    func accumulate(_ activations: [String: Tensor]) {
        for (layer, output) in activations {
            let units = output.itemSize
            var seen = fired[layer] ?? [Bool](repeating: false, count: units)
            output.withUnsafeMutableBufferPointer { values in
                for image in 0..<output.batch {
                    for unit in 0..<units where values[image * units + unit] > 0 { seen[unit] = true }
                }
            }
            fired[layer] = seen
        }
        images += activations.values.first?.batch ?? 0
    }

    /// The samples taken since the last call.
    func takeSamples() -> [LayerHealthSample] {
        defer { pending.removeAll() }
        return pending
    }

    /// The epoch's dead units and sampling time; starts the next epoch's count.
    func endEpoch() -> LayerHealthEpoch {
        let dead = reluLayers.compactMap { layer in
            fired[layer].map { DeadUnits(layer: layer, units: $0.count, dead: $0.filter { !$0 }.count, images: images) }
        }
        defer {
            fired.removeAll()
            images = 0
            samplingSeconds = 0
        }
        return LayerHealthEpoch(deadUnits: dead, samplingSeconds: samplingSeconds)
    }
}
