// sweep.json: the command, the resolved trial list and the run id of each trial once it has started.
// Trial states are not kept here: they are read from the trials' run folders, which their trainers write.
import Foundation

public struct SweepRecord: Codable, Sendable {
    public var id: String
    /// The command line that made the sweep, as typed.
    public var command: [String]
    public var created: Date
    /// The data folder the trials read (`--data`), when one was given; else each trial resolves it as `train` does.
    public var dataDirectory: String?
    /// The flags the trials differ in, in grid order ("lr", "batch-size", "seed").
    public var sweptFlags: [String]
    /// Seeds the draws of --random.
    public var sweepSeed: UInt64?
    public var trials: [SweepTrial]
    /// The Slurm job ids of the arrays submitted for this sweep, oldest first.
    public var slurmJobs: [String]

    public init(id: String, command: [String], created: Date, dataDirectory: String?, sweptFlags: [String],
                sweepSeed: UInt64?, trials: [SweepTrial]) {
        self.id = id
        self.command = command
        self.created = created
        self.dataDirectory = dataDirectory
        self.sweptFlags = sweptFlags
        self.sweepSeed = sweepSeed
        self.trials = trials
        slurmJobs = []
    }
}

public struct SweepTrial: Codable, Sendable {
    public let index: Int
    /// The swept flags' values of this trial, by flag name ("lr": "0.001").
    public let values: [String: String]
    /// Every setting the trial trains with, resolved and checked when the sweep was planned.
    public let configuration: TrainingConfiguration
    /// The trial's run folder in the runs folder, once a worker has claimed it.
    public var runId: String?
    /// Why the trial's last attempt failed, as its worker said.
    public var failure: String?

    public init(index: Int, values: [String: String], configuration: TrainingConfiguration) {
        self.index = index
        self.values = values
        self.configuration = configuration
    }
}
