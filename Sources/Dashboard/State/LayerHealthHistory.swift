// LayerHealthHistory: one model's layer-health samples and dead ReLU units, folded from its training events.
import Training

public struct LayerHealthHistory: Sendable {
    /// Samples kept (the sparklines show the newest that fit).
    static let sampleLimit = 480

    public var samples: [LayerHealthSample] = []
    /// The first step's batch loss, when this session saw the run start from initialisation.
    public var initialLoss: Double?
    /// The last completed epoch's dead units, and each ReLU's dead fraction epoch by epoch.
    public var deadUnits: [DeadUnits] = []
    public var deadFractionHistory: [String: [Double]] = [:]
    /// The sampling's CPU time over the last epoch's (the trainer thread's clock, not wall time).
    public var samplingShare: Double?
    /// Each epoch's CPU time on the trainer's thread, by epoch (what the projector's cost is set against).
    public var epochCPUSeconds: [Int: Double] = [:]

    public init() {}

    mutating func record(_ new: [LayerHealthSample]) {
        guard !new.isEmpty else { return }
        if let first = new.first(where: { $0.step == 1 }) { initialLoss = first.loss }
        samples += new
        if samples.count > Self.sampleLimit { samples.removeFirst(samples.count - Self.sampleLimit) }
    }

    mutating func finishEpoch(_ epoch: LayerHealthEpoch, number: Int) {
        deadUnits = epoch.deadUnits
        for units in epoch.deadUnits { deadFractionHistory[units.layer, default: []].append(units.fraction) }
        samplingShare = epoch.samplingShare
        epochCPUSeconds[number] = epoch.epochCPUSeconds
    }
}
