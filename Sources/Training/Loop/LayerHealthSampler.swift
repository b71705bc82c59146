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
    /// CPU time the trainer's thread spent sampling during the epoch (ThreadCPUClock).
    public let samplingCPUSeconds: Double
    /// CPU time the trainer's thread used over the whole epoch (training, validation, the sampling), from
    /// the end of the previous one. With a pool of one thread (each model in the dashboard while both
    /// train on 2 cores) that is the epoch's CPU; wider pools' workers are not counted, which overstates
    /// the sampling's share.
    public let epochCPUSeconds: Double

    public init(deadUnits: [DeadUnits], samplingCPUSeconds: Double, epochCPUSeconds: Double) {
        self.deadUnits = deadUnits
        self.samplingCPUSeconds = samplingCPUSeconds
        self.epochCPUSeconds = epochCPUSeconds
    }

    /// The sampling's share of the epoch's CPU time.
    public var samplingShare: Double? { epochCPUSeconds > 0 ? samplingCPUSeconds / epochCPUSeconds : nil }
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
    /// The sampler's own CPU time this epoch (the copies of the captured ReLU outputs left out).
    private var samplingSeconds = 0.0
    /// The trainer thread's CPU clock when the epoch began (the sampler is made on that thread).
    private var epochStartCPU = ThreadCPUClock.seconds()

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
        let started = ThreadCPUClock.seconds()
        probe.recordValues()
        samplingSeconds += ThreadCPUClock.seconds() - started
        return Set(reluLayers)
    }

    /// After the backward pass (and the update) of a sampled step.
    func finish(step: Int, loss: Double, activations: [String: Tensor]) {
        let started = ThreadCPUClock.seconds()
        pending.append(LayerHealthSample(step: step, loss: loss, parameters: probe.measure()))
        accumulate(activations)
        samplingSeconds += ThreadCPUClock.seconds() - started
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

    /// The epoch's dead units and CPU times; starts the next epoch's count. Called on the trainer's thread.
    func endEpoch() -> LayerHealthEpoch {
        let now = ThreadCPUClock.seconds()
        let dead = reluLayers.compactMap { layer in
            fired[layer].map { DeadUnits(layer: layer, units: $0.count, dead: $0.filter { !$0 }.count, images: images) }
        }
        defer {
            fired.removeAll()
            images = 0
            samplingSeconds = 0
            epochStartCPU = now
        }
        return LayerHealthEpoch(deadUnits: dead, samplingCPUSeconds: samplingSeconds, epochCPUSeconds: now - epochStartCPU)
    }
}
