// TrainerHandle: a trainer the dashboard starts and steers; TrainerThread runs a real Trainer on its own thread.
import Foundation
import NeuralNet
import Training

/// What the session needs from a trainer. Every method may be called from any thread.
public protocol TrainerHandle: AnyObject, Sendable {
    /// Starts training on a thread of its own. Events go to `emit`; `exited` is called once, after the last event.
    func start(emit: @escaping @Sendable (TrainingEvent) -> Void, exited: @escaping @Sendable () -> Void)
    func pause()
    func resume()
    /// Stops at the next batch; the last completed epoch stays checkpointed.
    func stop()
    /// Compute threads for the next batches.
    func setComputeThreads(_ count: Int)
}

/// A `Trainer` on its own `Thread` (CPU-bound work stays off Swift's cooperative pool).
public final class TrainerThread: TrainerHandle {
    /// The nice value of the trainer's thread and its compute pool's workers: a key's frame and saliency maps
    /// (the session's and the terminal's threads, nice 0; the saliency worker's, −2 from its queue's QoS) get a
    /// core before the training, which takes what they leave. Nice is per thread on Linux and, with the kernel's autogroups, weighs
    /// against this process's threads, not other programs'. `train` and `bench` keep nice 0.
    static let trainingNice: Int32 = 10

    public let trainer: Trainer

    public init(_ trainer: Trainer) {
        self.trainer = trainer
    }

    public func start(emit: @escaping @Sendable (TrainingEvent) -> Void, exited: @escaping @Sendable () -> Void) {
        let trainer = self.trainer
        let name = "trainer-\(trainer.configuration.model.rawValue)"
        let thread = Thread {
            Thread.current.name = name   // set from inside, so it reaches the OS thread (top -H, /proc)
            ThreadPriority.lowerCurrentThread(toNice: Self.trainingNice)
            trainer.pool.workerNice = Self.trainingNice
            do {
                try trainer.run(emit: emit)
            } catch let diverged as TrainingDiverged {
                emit(.diverged(trainer.configuration.model, message: diverged.description))
            } catch {
                emit(.failed(trainer.configuration.model, message: "\(error)"))
            }
            exited()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    public func pause() { trainer.control.pause() }
    public func resume() { trainer.control.resume() }
    public func stop() { trainer.control.stop() }
    public func setComputeThreads(_ count: Int) { trainer.pool.width = count }
}
