// An I/O error at each step of writing each file of an epoch's save (InjectedWriteFault, the hook in
// FileBytes.writeAtomically): a clear error naming the epoch and the file, the run readable, and `resume`
// trains it to the end.
import Foundation
import ModelFiles
import NeuralNet
import Testing
@testable import Training

@Suite("Write faults while saving", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct WriteFaultTests {
    static let data = Result { try realData(testCount: 100) }
    static let files = [CheckpointFiles.pendingOptimizer, CheckpointFiles.last, CheckpointFiles.best]

    @Test(arguments: files, InjectedWriteFault.Step.allCases)
    func aFailedWriteInEpochTwosSaveLeavesAResumableRun(file: String, step: InjectedWriteFault.Step) throws {
        let data = try Self.data.get()
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 2
        configuration.trainLimit = 100
        // Full-train: every epoch is the best, so best.safetensors is written in every save.
        configuration.fullTrain = true
        let runs = temporaryRunsFolder()
        defer { try? FileManager.default.removeItem(at: runs) }
        defer { InjectedWriteFault.current.withLock { $0 = nil } }
        let folder: URL
        var failure: (any Error)?
        do {  // the store (the run's lock) ends with this block, as with the process that trained it
            let store = try RunStore(runsDirectory: runs, configuration: configuration, dataFiles: [])
            folder = store.folder
            let fault = InjectedWriteFault(path: folder.appendingPathComponent(file).path, step: step)
            do {
                try Trainer(configuration: configuration, dataset: data, runStore: store).run { event in
                    if case .epochFinished(let report) = event, report.metrics.epoch == 1 {
                        InjectedWriteFault.current.withLock { $0 = fault }
                    }
                }
            } catch { failure = error }
            InjectedWriteFault.current.withLock { $0 = nil }
        }

        let error = try #require(failure as? RunError, "\(String(describing: failure))")
        guard case .cannotSave(_, let epoch, let reason) = error else { Issue.record("\(error)"); return }
        #expect(epoch == 2)
        #expect(reason.contains(file) && reason.hasSuffix("Input/output error"), "\(reason)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(FileBytes.temporarySuffix) }, "\(left)")

        let record = try RunRecord(folder: folder)
        #expect(record.status == .failed)
        let resumed = try Trainer.resume(record, dataset: data)
        #expect(resumed.history.count == 1 || resumed.history.count == 2, "epoch 1 kept, epoch 2 at most once")
        try resumed.run { _ in }
        let finished = try RunRecord(folder: folder)
        #expect(finished.status == .finished)
        #expect(finished.history.map(\.epoch) == [1, 2])
        let best = try SafeTensorsFile.read(contentsOf: folder.appendingPathComponent(CheckpointFiles.best))
        #expect(best.metadata["epoch"] == "2")
    }
}
