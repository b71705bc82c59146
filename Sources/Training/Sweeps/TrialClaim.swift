// Claiming a trial of a sweep: under the sweep's lock, a trial without a run folder gets a new one (its id
// written into sweep.json before the folder is filled, so a trial never owns two), and a trial with one is
// continued only when no process holds it. Two workers started at once for one trial give one run.
import FashionMNIST
import Foundation

/// What a worker found when it claimed a trial.
public enum TrialClaim {
    /// The worker holds the trial's run and trains it with this trainer (new, or resumed from its checkpoint).
    case train(Trainer, runID: String, resumed: Bool)
    /// The trial's run finished earlier.
    case finished(runID: String)
    /// Another process trains the trial's run now.
    case busy(runID: String)
    /// The trial's run failed earlier; it is left as it is.
    case failed(runID: String)
}

extension SweepFolder {
    /// Claims trial `index` for this process: see `TrialClaim`.
    public func claim(trial index: Int, dataset: FashionMNIST) throws -> TrialClaim {
        // Hashed before the lock is taken, so that other workers wait less and a new run folder gets its
        // config.json right after its name is written into sweep.json.
        let dataRecords = dataset.files.map(DataFileRecord.init(path:))
        return try locked {
            var record = try read()
            guard record.trials.indices.contains(index) else {
                throw SweepError.noSuchTrial(sweep: id, index: index, count: record.trials.count)
            }
            let trial = record.trials[index]
            let runsDirectory = runsDirectory
            guard let runID = trial.runId else {
                let folder = try RunStore.makeFolder(in: runsDirectory, model: trial.configuration.model)
                record.trials[index].runId = folder.lastPathComponent
                record.trials[index].failure = nil
                try write(record)
                return .train(try startRun(in: folder, trial: trial, dataset: dataset, dataRecords: dataRecords), runID: folder.lastPathComponent, resumed: false)
            }
            let folder = runsDirectory.appendingPathComponent(runID)
            // Claimed, but its claimer died before config.json was written: the folder is still this trial's.
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path) else {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                return .train(try startRun(in: folder, trial: trial, dataset: dataset, dataRecords: dataRecords), runID: runID, resumed: false)
            }
            let run = try RunRecord(folder: folder)
            switch run.status {
            case .finished: return .finished(runID: runID)
            case .failed, .diverged: return .failed(runID: runID)
            case .running, .paused: return .busy(runID: runID)
            case .stopped, .interrupted, .unknown:
                do {
                    return .train(try Trainer.resume(run, dataset: dataset), runID: runID, resumed: true)
                } catch RunError.inUse {
                    return .busy(runID: runID)
                }
            }
        }
    }

    private func startRun(in folder: URL, trial: SweepTrial, dataset: FashionMNIST,
                          dataRecords: [DataFileRecord]) throws -> Trainer {
        let store = try RunStore(newFolder: folder, configuration: trial.configuration, dataRecords: dataRecords,
                                 sweepID: id, sweepTrial: trial.index)
        return Trainer(configuration: trial.configuration, dataset: dataset, runStore: store)
    }

    /// Notes why trial `index` failed, for `sweep show`.
    public func recordFailure(trial index: Int, reason: String) throws {
        try update { record in
            if record.trials.indices.contains(index) { record.trials[index].failure = reason }
        }
    }
}
