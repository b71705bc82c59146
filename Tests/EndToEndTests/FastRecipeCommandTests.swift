// `--recipe fast` through every command that chooses a recipe: train records the preset in its run
// folder, sweep resolves it per trial, bench times it at its batch size, dashboard lists it.
import Foundation
import NeuralNet
import Testing
import Training

@Suite("fast recipe on the command line", .serialized)
struct FastRecipeCommandTests {
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func trainRecordsTheFastPreset() throws {
        let runs = temporaryFolder("fast-runs")
        let result = try CommandRunner.run(["train", "--model", "fcnn", "--recipe", "fast", "--epochs", "1",
                                            "--train-limit", "256", "--threads", "1", "--json", "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        let done = try jsonObject(try #require(result.standardOutput.split(separator: "\n").last))
        let run = try #require(done["run"] as? String)
        let saved = try RunJSON.decode(RunSettings.self,
                                       from: Data(contentsOf: URL(fileURLWithPath: run).appendingPathComponent("config.json")))
            .configuration
        var expected = TrainingConfiguration(model: .fcnn, recipe: .fast)
        (expected.epochs, expected.trainLimit, expected.threads) = (1, 256, 1)
        #expect(saved == expected)
    }

    @Test func sweepResolvesTheFastPresetPerTrial() throws {
        let runs = temporaryFolder("fast-sweep").appendingPathComponent("runs")
        let result = try CommandRunner.run(["sweep", "--recipe", "improved,fast", "--model", "cnn", "--dry-run", "--json",
                                            "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        let trials = try result.standardOutput.split(separator: "\n").map(jsonObject)
        #expect(trials.count == 2)
        let fast = TrainingConfiguration(model: .cnn, recipe: .fast)
        let configuration = try #require(trials.last?["configuration"] as? [String: Any])
        #expect(configuration["recipe"] as? String == "fast" && configuration["epochs"] as? Int == fast.epochs)
        #expect(configuration["learning_rate"] as? Double == fast.learningRate && configuration["batch_size"] as? Int == 128)
    }

    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func benchTimesTheFastPresetsBatchSize() throws {
        let result = try CommandRunner.run(["bench", "--model", "fcnn", "--recipe", "fast", "--batches", "3",
                                            "--threads", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try jsonObject(result.standardOutput)
        #expect(fields["batch_size"] as? Int == TrainingConfiguration(model: .fcnn, recipe: .fast).batchSize)
    }

    @Test func dashboardAndTrainOfferTheFastRecipe() throws {
        for command in ["dashboard", "train"] {
            let help = try CommandRunner.run([command, "--help"])
            #expect(help.standardOutput.contains("fast"), "\(command) --help: \(help.standardOutput)")
        }
        let bad = try CommandRunner.run(["dashboard", "--recipe", "quick"])
        #expect(bad.status != 0 && bad.standardError.contains("fast"), "\(bad.standardError)")
    }
}
