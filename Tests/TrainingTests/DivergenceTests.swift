// A learning rate of 10 sends the loss to millions (or NaN): the trainer stops the run with state `diverged`,
// saves no weight of the diverged epoch (best or last), and `resume` refuses it with the reason.
import Foundation
import ModelFiles
import NeuralNet
import Testing
@testable import Training

@Suite("Divergence", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct DivergenceTests {
    @Test(arguments: [false, true])
    func learningRateTenStopsTheRunAsDiverged(fullTrain: Bool) throws {
        let data = try realData(testCount: 100)
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 20
        configuration.trainLimit = 1_000
        configuration.learningRate = 10
        configuration.fullTrain = fullTrain
        let runs = temporaryRunsFolder()
        defer { try? FileManager.default.removeItem(at: runs) }
        let store = try RunStore(runsDirectory: runs, configuration: configuration, dataFiles: [])
        let folder = store.folder
        var thrown: (any Error)?
        do { try Trainer(configuration: configuration, dataset: data, runStore: store).run { _ in } } catch { thrown = error }

        let diverged = try #require(thrown as? TrainingDiverged, "\(String(describing: thrown))")
        #expect(diverged.model == .fcnn && !(diverged.value <= TrainingDiverged.lossLimit))
        #expect(diverged.description.contains("diverged in epoch \(diverged.epoch)") && diverged.description.contains("--lr"))
        let record = try RunRecord(folder: folder)
        #expect(record.status == .diverged)
        #expect(RunSummary.read(folder: folder).status == .diverged)
        #expect(record.history.count == diverged.epoch - 1, "the diverged epoch is not logged")
        #expect(record.history.allSatisfy { $0.trainLoss.isFinite })
        for file in [CheckpointFiles.best, CheckpointFiles.last] where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
            let weights = try SafeTensorsFile.read(contentsOf: folder.appendingPathComponent(file))
            #expect(weights.tensors.allSatisfy { $0.values.allSatisfy(\.isFinite) }, "\(file) holds NaN or infinite weights")
            #expect(weights.metadata["epoch"].flatMap { Int($0) }.map { $0 < diverged.epoch } ?? false)
        }
        #expect(throws: RunError.self) { try Trainer.resume(record, dataset: data) }
        do { _ = try Trainer.resume(record, dataset: data) } catch {
            #expect("\(error)".contains("cannot be resumed: it diverged"), "\(error)")
            #expect("\(error)".contains("train a new run with a lower --lr"))
        }
    }

    @Test func aSmallLearningRateDoesNotDiverge() throws {
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 1
        configuration.trainLimit = 500
        #expect(throws: Never.self) { try Trainer(configuration: configuration, dataset: try realData(testCount: 100)).run { _ in } }
    }

    @Test func lossesAboveTheLimitOrNaNHaveDiverged() {
        #expect(!TrainingDiverged.isDiverged(2.3) && !TrainingDiverged.isDiverged(1_000))
        #expect(TrainingDiverged.isDiverged(1_000.5) && TrainingDiverged.isDiverged(.nan) && TrainingDiverged.isDiverged(.infinity))
    }

    @Test func firstNonFiniteFindsNaNAndInfinity() {
        let store = Network(.fcnn).store
        #expect(store.snapshot().firstNonFinite == nil)
        let parameter = store.parameters[0]
        var values = store.read(parameter)
        values[7] = .infinity
        store.write(parameter, values)
        #expect(store.snapshot().firstNonFinite == .infinity)
        values[7] = .nan
        store.write(parameter, values)
        #expect(store.snapshot().firstNonFinite?.isNaN == true)
    }
}
