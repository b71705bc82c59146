// Claiming trials in one process: a trial gets one run folder whoever asks, a trial being trained is left
// to its trainer, a finished one is not run again, and a claim cut short before config.json is completed.
import FashionMNIST
import Foundation
import Testing
@testable import Training

/// A sweep of `trials` tiny FCNN trials (seeds 0, 1, …) in a new runs folder, or in `runs`.
func makeSweep(trials: Int, in runs: URL = temporaryRunsFolder()) throws -> (SweepFolder, URL) {
    var configuration = TrainingConfiguration(model: .fcnn)
    configuration.epochs = 1
    configuration.trainLimit = 200
    configuration.threads = 1
    let sweep = try SweepFolder.create(in: runs) { id in
        SweepRecord(id: id, command: ["fmnist-tui", "sweep"], created: Date(), dataDirectory: nil, sweptFlags: ["seed"],
                    sweepSeed: nil, trials: (0..<trials).map { index in
                        var trialConfiguration = configuration
                        trialConfiguration.seed = UInt64(index)
                        return SweepTrial(index: index, values: ["seed": String(index)], configuration: trialConfiguration)
                    })
    }
    return (sweep, runs)
}

@Suite("Trial claims", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct TrialClaimTests {
    @Test func aTrialOwnsOneRunFolder() throws {
        let (sweep, runs) = try makeSweep(trials: 2)
        defer { try? FileManager.default.removeItem(at: runs) }
        let data = try realData(testCount: 500)

        guard case .train(let trainer, let runID, false) = try sweep.claim(trial: 1, dataset: data) else {
            Issue.record("a fresh trial is trained")
            return
        }
        // While its trainer holds it, another claim leaves it alone.
        guard case .busy(runID) = try sweep.claim(trial: 1, dataset: data) else {
            Issue.record("a trial being trained is busy")
            return
        }
        #expect(try sweep.read().trials[1].runId == runID)
        #expect(try sweep.read().trials[0].runId == nil)
        try trainer.run { _ in }
        guard case .finished(runID) = try sweep.claim(trial: 1, dataset: data) else {
            Issue.record("a finished trial is not run again")
            return
        }
        let record = try RunRecord(folder: runs.appendingPathComponent(runID))
        #expect(record.settings.sweepID == sweep.id)
        #expect(record.settings.sweepTrial == 1)
        #expect(record.settings.configuration.seed == 1)
        #expect(RunRecord.runIDs(in: runs) == [runID], "one run folder, and sweeps/ is not a run")
        let summaries = RunSummary.readAll(in: runs)
        #expect(summaries.summaries.map(\.id) == [runID])
        #expect(summaries.notices.isEmpty, "\(summaries.notices)")
    }

    @Test func aClaimCutShortBeforeConfigIsCompletedInItsFolder() throws {
        let (sweep, runs) = try makeSweep(trials: 1)
        defer { try? FileManager.default.removeItem(at: runs) }
        // As if a worker died between naming the trial's folder in sweep.json and writing its config.json.
        let folder = try RunStore.makeFolder(in: runs, model: .fcnn)
        try sweep.update { $0.trials[0].runId = folder.lastPathComponent }
        guard case .train(let trainer, let runID, _) = try sweep.claim(trial: 0, dataset: try realData(testCount: 500)) else {
            Issue.record("the claimed folder is trained")
            return
        }
        #expect(runID == folder.lastPathComponent)
        try trainer.run { _ in }
        #expect(RunRecord.runIDs(in: runs) == [runID])
        #expect(try RunRecord(folder: folder).status == .finished)
    }
}
