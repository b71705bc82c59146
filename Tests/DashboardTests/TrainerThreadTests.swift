// TrainerThreadTests: the dashboard's trainers run at a higher nice than its interactive threads (the session,
// the terminal, the saliency worker), their compute pools' workers too; the thread that starts them keeps its own.
import FashionMNIST
import Foundation
import NeuralNet
import Synchronization
import Testing
@testable import Dashboard
@testable import Training

@Suite struct TrainerThreadTests {
    @Test func trainingYieldsTheCoresToTheInteractiveThreads() async throws {
        let full = try FashionMNIST.load(from: FashionMNIST.defaultDirectory)
        let data = FashionMNIST(train: full.train.subset(0..<1_000), test: full.test.subset(0..<100), files: full.files)
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 1
        configuration.trainLimit = 200
        configuration.threads = 2
        let trainer = Trainer(configuration: configuration, dataset: data)
        let callerNice = ThreadPriority.currentNice()
        let seen = Mutex<Set<Int32>>([])
        await withCheckedContinuation { (exited: CheckedContinuation<Void, Never>) in
            TrainerThread(trainer).start(emit: { _ in seen.withLock { _ = $0.insert(ThreadPriority.currentNice()) } },
                                         exited: { exited.resume() })
        }
        // Nice is only ever raised: under `nice -n 19` everything stays at 19.
        #expect(seen.withLock { $0 } == [max(TrainerThread.trainingNice, callerNice)], "every event comes from the trainer's thread")
        #expect(TrainerThread.trainingNice > 0 && trainer.pool.workerNice == TrainerThread.trainingNice)
        #expect(ThreadPriority.currentNice() == callerNice)
    }
}
