// NewRunSessionTests: the new-run form through the real session (#12): `n`, an epoch count typed, Enter; a real
// trainer on a slice of the real data writes an ordinary run folder, in a new tab, seen in the runs view.
import FashionMNIST
import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite(.serialized, .timeLimit(.minutes(3)),
       .enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory), "needs dataset-fashion-mnist"))
struct NewRunSessionTests {
    @Test func theFormStartsARunInANewTabThatWritesARunFolder() async throws {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-new-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: runs) }
        let dataset = try FashionMNIST.load(from: FashionMNIST.defaultDirectory)
        // The fake FCNN's run planned 5 epochs; the form's epochs become 1, on the dashboard's 300 training images.
        let terminal = PacedTerminal(size: Size(width: 140, height: 45), script: [
            .init(once: " FCNN seed  ● training", press: .key(.character("n"))),
            .init(once: "defaults from 20250412-153012-fcnn", press: .key(.down)),
            .init(once: "defaults from 20250412-153012-fcnn", press: .key(.down)),
            .init(once: "defaults from 20250412-153012-fcnn", press: .key(.character("1"))),
            .init(once: " 1_ ", press: .key(.enter)),
            .init(once: "2 FCNN ✓ done", press: .key(.character("r"))),
            .init(when: { $0.contains("Runs · 1 in ") && $0.contains("finished") }, press: .key(.character("q"))),
        ])
        let fake = FakeTrainer(model: .fcnn)
        let state = DashboardState(models: [ModelRunState(model: .fcnn, plannedEpochs: 5, batchSize: 20, computeThreads: 2)],
                                   testImages: dataset.test, themeNames: [], themeName: "dark", cores: 2)
        let starter = DashboardRunStarter(dataset: dataset, runsDirectory: runs, trainLimit: 300, threads: 2)
        let session = DashboardSession(state: state, trainers: [fake], themes: SessionTests.themes, theme: .dark,
                                       runsDirectory: runs, runStarter: starter)
        let box = TerminalBox(terminal)
        try await session.run { box.terminal }

        #expect(terminal.remainingSteps == 0)
        let models = session.state.models
        #expect(models.count == 2 && models[1].phase == .finished && models[1].completedEpochs == 1)
        // The fake gave a core to the new run while both trained and took it back when the run finished.
        #expect(fake.recordedCalls == [.threads(1), .threads(2), .stop])
        let id = try #require(models[1].runID)
        let run = RunSummary.read(folder: runs.appendingPathComponent(id))
        #expect(run.model == .fcnn && run.status == .finished && run.plannedEpochs == 1 && run.epochsDone == 1)
        #expect(run.settings["train_limit"] == "300" && run.settings["batch_size"] == "20", "\(run.settings)")
        #expect(run.scores != nil && run.problem == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: run.folder.path)
        for file in ["config.json", "metrics.jsonl", "best.safetensors", "last.safetensors", "test.json", "state"] {
            #expect(files.contains(file), "\(file) in \(files)")
        }
    }
}
