// Resumption on real data slices: exact continuation, recovery from every crash point of a save, clear refusals.
import FashionMNIST
import Foundation
import ModelFiles
import NeuralNet
import Testing
@testable import Training

@Suite("Resume", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
final class ResumeTests {
    let data: FashionMNIST
    /// Every run folder of one test, removed after it.
    let scratch = temporaryRunsFolder()

    init() throws {
        data = try realData(testCount: 300)
    }

    deinit { try? FileManager.default.removeItem(at: scratch) }

    /// A new folder inside `scratch`.
    func newFolder() -> URL { scratch.appendingPathComponent(UUID().uuidString) }

    func configuration(_ model: ModelKind, epochs: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(model: model)
        configuration.epochs = epochs
        configuration.trainLimit = 300
        configuration.seed = 7
        return configuration
    }

    /// Trains a new run folder; `afterEpoch` runs with the epoch and the folder as each epoch's save is done.
    func train(_ configuration: TrainingConfiguration,
               afterEpoch: @escaping @Sendable (Int, URL) -> Void = { _, _ in }) throws -> URL {
        let store = try RunStore(runsDirectory: newFolder(), configuration: configuration, dataFiles: [])
        let folder = store.folder
        try Trainer(configuration: configuration, dataset: data, runStore: store).run { event in
            if case .epochFinished(let report) = event { afterEpoch(report.metrics.epoch, folder) }
        }
        return folder
    }

    func resume(_ folder: URL, epochs: Int? = nil) throws {
        try Trainer.resume(RunRecord(folder: folder), dataset: data, epochs: epochs).run { _ in }
    }

    /// Everything but the wall time of each epoch.
    func numbers(_ folder: URL) throws -> [[Double]] {
        try RunRecord(folder: folder).history.map { [Double($0.epoch), $0.trainLoss, $0.validLoss ?? -1, $0.validAccuracy ?? -1] }
    }

    func contents(_ folder: URL, _ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    func expectSameRun(_ resumed: URL, as straight: URL) throws {
        #expect(try numbers(resumed).count == 4)
        let resumedNumbers = try numbers(resumed), straightNumbers = try numbers(straight)
        #expect(resumedNumbers == straightNumbers, "resumed \(resumedNumbers), straight \(straightNumbers)")
        let confusions = try RunRecord(folder: resumed).history.map(\.validConfusion)
        let straightConfusions = try RunRecord(folder: straight).history.map(\.validConfusion)
        #expect(confusions.allSatisfy { $0 != nil } && confusions == straightConfusions,
                "each epoch's validation confusion matrix is logged and survives the resume's rewrite of the log")
        for name in ["best.safetensors", "last.safetensors", "optimizer.safetensors", "test.json"] {
            #expect(try contents(resumed, name) == contents(straight, name), "\(name)")
        }
    }

    func append(_ text: String, to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test(arguments: ModelKind.allCases)
    func halfThenResumeEqualsStraight(model: ModelKind) throws {
        let straight = try train(configuration(model, epochs: 4))
        let halves = try train(configuration(model, epochs: 2))
        try resume(halves, epochs: 4)
        try expectSameRun(halves, as: straight)
        #expect(try RunRecord(folder: halves).settings.configuration.epochs == 4)
        #expect(try RunRecord(folder: halves).status == .finished)
    }

    /// The improved recipe with random erasing, stopped after 2 of 4 planned epochs (so that the schedule keeps
    /// its plan): the resumed run draws the same shuffles, flips, crops and erasures as a straight one.
    @Test func augmentedRunStoppedHalfWayResumesExactly() throws {
        var augmented = TrainingConfiguration(model: .cnn, recipe: .improved)
        (augmented.epochs, augmented.trainLimit, augmented.seed, augmented.eraseProbability) = (4, 300, 7, 0.5)
        let straight = try train(augmented)
        // The stopped trainer and its store (which holds the run's lock) are gone when this returns.
        func trainStoppingAfterEpochTwo() throws -> URL {
            let store = try RunStore(runsDirectory: newFolder(), configuration: augmented, dataFiles: [])
            let trainer = Trainer(configuration: augmented, dataset: data, runStore: store)
            try trainer.run { [control = trainer.control] event in
                if case .epochFinished(let report) = event, report.metrics.epoch == 2 { control.stop() }
            }
            return store.folder
        }
        let stopped = try trainStoppingAfterEpochTwo()
        #expect(try RunRecord(folder: stopped).history.count == 2)
        try resume(stopped)
        try expectSameRun(stopped, as: straight)
    }

    /// A 2-epoch run, with copies of its epoch-1 optimizer.safetensors and best.safetensors in `kept`.
    func twoEpochsKeepingEpochOne(kept: URL) throws -> URL {
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        return try train(configuration(.fcnn, epochs: 2)) { epoch, folder in
            guard epoch == 1 else { return }
            for name in ["optimizer.safetensors", "best.safetensors"] {
                try? FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: kept.appendingPathComponent(name))
            }
        }
    }

    /// A crash in epoch 2's save after last.safetensors was renamed into place but before the optimizer
    /// rename and best.safetensors, then half a metrics line of epoch 3 and a half-written temporary file.
    @Test func resumeFinishesASaveACrashCutShort() throws {
        let straight = try train(configuration(.fcnn, epochs: 4))
        let kept = newFolder()
        let folder = try twoEpochsKeepingEpochOne(kept: kept)
        try #require(try RunRecord(folder: folder).bestValidation?.epoch == 2, "epoch 2 improved, so its save wrote best")
        let manager = FileManager.default
        func inRun(_ name: String) -> URL { folder.appendingPathComponent(name) }
        try manager.moveItem(at: inRun("optimizer.safetensors"), to: inRun("optimizer-pending.safetensors"))
        try manager.copyItem(at: kept.appendingPathComponent("optimizer.safetensors"), to: inRun("optimizer.safetensors"))
        try manager.removeItem(at: inRun("best.safetensors"))
        try manager.copyItem(at: kept.appendingPathComponent("best.safetensors"), to: inRun("best.safetensors"))
        try Data(repeating: 7, count: 1_000).write(to: inRun(".last.safetensors.5F1E.partial"))
        try append(#"{"epoch":3,"seconds":0.4,"tra"#, to: inRun("metrics.jsonl"))
        try manager.removeItem(at: inRun("test.json"))
        try Data("running\n".utf8).write(to: inRun("state"))
        let crashed = try RunRecord(folder: folder)
        #expect(crashed.status == .interrupted && crashed.warnings.count == 1)

        try resume(folder, epochs: 4)
        try expectSameRun(folder, as: straight)
        let left = try manager.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains("optimizer-pending.safetensors") && !left.contains { $0.hasSuffix(".partial") }, "\(left)")
        #expect(try RunRecord(folder: folder).warnings.isEmpty)
    }

    /// A crash after epoch 3's metrics line was flushed but before its checkpoint: the epoch is done again.
    /// A dashboard (previews on) gets the restored weights' validation and samples as it starts;
    /// the headless command (previews off) does not pay for them.
    @Test func resumingWithPreviewsReportsTheRestoredWeights() throws {
        for previews in [0, 12] {
            let folder = try train(configuration(.fcnn, epochs: 2))
            let lastEpoch = try #require(try RunRecord(folder: folder).history.last)
            let trainer = try Trainer.resume(RunRecord(folder: folder), dataset: data, epochs: 3)
            trainer.previewCount = previews
            let starts = Locked<[TrainingStart]>([])
            try trainer.run { event in if case .started(let start) = event { starts.set(starts.get() + [start]) } }
            let start = try #require(starts.get().first)
            #expect(start.completedEpochs == 2)
            if previews == 0 {
                #expect(start.restoredValidation == nil && start.restoredPreview == nil)
            } else {
                #expect(start.restoredValidation?.accuracy == lastEpoch.validAccuracy)
                #expect(start.restoredValidation?.loss == lastEpoch.validLoss)
                #expect(start.restoredPreview?.count == 12)
            }
        }
    }

    @Test func anEpochLoggedButNotCheckpointedIsTrainedAgain() throws {
        let straight = try train(configuration(.fcnn, epochs: 4))
        let kept = newFolder()
        let folder = try twoEpochsKeepingEpochOne(kept: kept)
        try append(#"{"epoch":3,"seconds":1,"train_loss":9,"valid_accuracy":0,"valid_loss":9}"# + "\n",
                   to: folder.appendingPathComponent("metrics.jsonl"))
        // A stale pending optimizer file (not of epoch 2) is ignored and removed.
        try FileManager.default.copyItem(at: kept.appendingPathComponent("optimizer.safetensors"),
                                         to: folder.appendingPathComponent("optimizer-pending.safetensors"))
        try resume(folder, epochs: 4)
        try expectSameRun(folder, as: straight)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("optimizer-pending.safetensors").path))
    }

    /// Killed in its first epoch, a run has nothing to lose: resume trains it from the start.
    @Test func aRunThatNeverCompletedAnEpochStartsOver() throws {
        let straight = try train(configuration(.fcnn, epochs: 2))
        let folder = try RunStore(runsDirectory: newFolder(), configuration: configuration(.fcnn, epochs: 2),
                                  dataFiles: []).folder
        #expect(try RunRecord(folder: folder).status == .interrupted)
        try resume(folder)
        #expect(try numbers(folder) == numbers(straight))
        #expect(try contents(folder, "test.json") == contents(straight, "test.json"))
    }

    @Test func whatCannotBeResumedSaysWhy() throws {
        let original = try train(configuration(.fcnn, epochs: 2))
        func damaged(_ damage: (URL) throws -> Void) throws -> URL {
            let copy = newFolder().appendingPathComponent(original.lastPathComponent)
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: original, to: copy)
            try damage(copy)
            return copy
        }
        func reason(_ folder: URL) -> String? {
            do { try resume(folder, epochs: 3); return nil } catch RunError.notResumable(_, let reason) { return reason } catch {
                return "unexpected \(error)"
            }
        }
        let noLast = try damaged { try FileManager.default.removeItem(at: $0.appendingPathComponent("last.safetensors")) }
        #expect(reason(noLast) == "last.safetensors is missing, yet metrics.jsonl logs 2 completed epoch(s); was it moved or deleted?")
        #expect(RunError.notResumable(folder: "runs/x", reason: "r").description == "run runs/x cannot be resumed: r")
        let noOptimizer = try damaged { try FileManager.default.removeItem(at: $0.appendingPathComponent("optimizer.safetensors")) }
        #expect(reason(noOptimizer) == "no optimizer.safetensors of epoch 2, the epoch of last.safetensors")
        let truncatedLast = try damaged { folder in
            let url = folder.appendingPathComponent("last.safetensors")
            try Data(contentsOf: url).prefix(5_000).write(to: url)
        }
        #expect(reason(truncatedLast)?.hasPrefix("last.safetensors is unreadable: ") == true)
        let gap = try damaged { folder in
            let url = folder.appendingPathComponent("metrics.jsonl")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            try Data((lines[1] + "\n").utf8).write(to: url)
        }
        #expect(reason(gap) == "metrics.jsonl lacks the line of epoch 1 (unreadable or missing); the checkpoint is from epoch 2")
        #expect(try RunRecord(folder: gap).status == .finished, "a refused resume leaves the state alone")

        var holder: RunStore? = try RunStore(folder: original)
        #expect(throws: RunError.inUse(folder: original.path)) { try resume(original) }
        #expect(holder != nil)
        holder = nil
    }
}
