// A full disk while a run saves: a clear error, the previous epoch's checkpoint intact, and the run resumable.
// Runs as root only (CI does), on a small tmpfs the test mounts; skipped elsewhere.
import FashionMNIST
import Foundation
import ModelFiles
import NeuralNet
import Testing
@testable import Training

@Suite("Full disk", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"),
       .enabled(if: ScratchTmpfs.available, "needs root to mount a small tmpfs"))
struct FullDiskTests {
    @Test func aFullDiskWhileSavingKeepsThePreviousCheckpoint() throws {
        let disk = try ScratchTmpfs(megabytes: 16)
        defer { disk.unmount() }
        let data = try realData(testCount: 200)
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 3
        configuration.trainLimit = 200
        let epochOne = temporaryRunsFolder()
        try FileManager.default.createDirectory(at: epochOne, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: epochOne) }

        var folder: URL!
        var failure: (any Error)?
        do {
            let store = try RunStore(runsDirectory: disk.mountPoint.appendingPathComponent("runs"),
                                     configuration: configuration, dataFiles: [])
            folder = store.folder
            let runFolder = store.folder
            do {
                try Trainer(configuration: configuration, dataset: data, runStore: store).run { event in
                    guard case .epochFinished(let report) = event, report.metrics.epoch == 1 else { return }
                    try? FileManager.default.copyItem(at: runFolder.appendingPathComponent("last.safetensors"),
                                                      to: epochOne.appendingPathComponent("last.safetensors"))
                    try? disk.fill(leaving: 64 * 1024)
                }
            } catch { failure = error }
        }

        let error = try #require(failure as? RunError, "\(String(describing: failure))")
        guard case .cannotSave(let errorFolder, let epoch, let reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(errorFolder == folder.path && epoch == 2)
        #expect(reason.hasSuffix("No space left on device"), "\(reason)")
        #expect(error.description.contains("the checkpoint of epoch 1 is intact: free some space, then "
            + "`fmnist-tui resume \(folder.lastPathComponent) --runs-dir '\(folder.deletingLastPathComponent().path)'`"),
                "\(error.description)")

        let last = try SafeTensorsFile.read(contentsOf: folder.appendingPathComponent("last.safetensors"))
        #expect(last.metadata["epoch"] == "1")
        #expect(try Data(contentsOf: folder.appendingPathComponent("last.safetensors"))
            == Data(contentsOf: epochOne.appendingPathComponent("last.safetensors")))
        let record = try RunRecord(folder: folder)
        #expect(record.history.map(\.epoch) == [1], "epoch 2's metrics line was taken back")
        #expect(record.status == .failed)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".partial") || $0.hasPrefix("optimizer-pending") }, "\(left)")

        try FileManager.default.removeItem(at: disk.mountPoint.appendingPathComponent("filler"))
        let resumed = try Trainer.resume(record, dataset: data)
        try resumed.run { _ in }
        #expect(try RunRecord(folder: folder).history.map(\.epoch) == [1, 2, 3])
    }
}
