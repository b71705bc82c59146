// A dashboard trainer whose events also feed a TensorBoard recorder, for `dashboard --tensorboard DIR`.
import Dashboard
import Foundation
import Synchronization
import TensorBoard
import Training

/// Passes every event to the recorder on the trainer's thread, then on to the dashboard.
final class RecordingTrainerHandle: TrainerHandle {
    private let trainer: any TrainerHandle
    private let recorder: TensorBoardRecorder

    init(_ trainer: any TrainerHandle, recorder: TensorBoardRecorder) {
        self.trainer = trainer
        self.recorder = recorder
    }

    func start(emit: @escaping @Sendable (TrainingEvent) -> Void, exited: @escaping @Sendable () -> Void) {
        trainer.start(emit: { [recorder] event in
            recorder.record(event)
            emit(event)
        }, exited: exited)
    }

    func pause() { trainer.pause() }
    func resume() { trainer.resume() }
    func stop() { trainer.stop() }
    func setComputeThreads(_ count: Int) { trainer.setComputeThreads(count) }
}

extension TensorBoardOptions {
    /// A dashboard trainer's handle; with `--tensorboard`, it also feeds a recorder of its run.
    func dashboardTrainer(_ trainer: Trainer, warnings: DeferredWarnings) throws -> any TrainerHandle {
        let thread = TrainerThread(trainer)
        guard let folder = trainer.runFolder,
              let recorder = try recorder(runFolder: folder, onFailure: warnings.append) else { return thread }
        return RecordingTrainerHandle(thread, recorder: recorder)
    }
}

/// Warnings kept while the dashboard owns the terminal, printed once it is restored.
final class DeferredWarnings: Sendable {
    private let warnings = Mutex([String]())

    func append(_ warning: String) { warnings.withLock { $0.append(warning) } }
    func printAll() { Warnings.print(warnings.withLock { $0 }) }
}
