// SessionFakes: a terminal that hands out one scripted key per presented frame, and trainers that only react to control.
import Foundation
import NeuralNet
import TerminalUI
@testable import Dashboard
@testable import Training

/// A terminal for session tests that acts like a person: each scripted key is pressed only once
/// the screen shows what the step waits for (the answer to the previous key). Waits like a real
/// terminal when it has nothing to report. Thread-safe.
final class PacedTerminal: Terminal, @unchecked Sendable {
    struct Failure: Error {}

    /// Press `key` once the last frame's text passes `isAnswered`.
    struct Step {
        let isAnswered: @Sendable (String) -> Bool
        let key: TerminalInput

        init(once awaited: String, press key: TerminalInput) {
            self.init(when: { $0.contains(awaited) }, press: key)
        }

        init(when isAnswered: @escaping @Sendable (String) -> Bool, press key: TerminalInput) {
            self.isAnswered = isAnswered
            self.key = key
        }
    }

    private let lock = NSLock()
    private var script: [Step]
    private(set) var frames: [CellBuffer] = []
    private(set) var startCount = 0
    private(set) var stopCount = 0
    let size: Size
    let capabilities = Capabilities.full
    let failsToStart: Bool

    init(size: Size, script: [Step], failsToStart: Bool = false) {
        self.size = size
        self.script = script
        self.failsToStart = failsToStart
    }

    /// Steps not taken yet.
    var remainingSteps: Int { locked { script.count } }

    func start() throws {
        if failsToStart { throw Failure() }
        locked { startCount += 1 }
    }

    func stop() { locked { stopCount += 1 } }

    func present(_ buffer: CellBuffer) {
        locked { frames.append(buffer) }
    }

    func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        let input: TerminalInput? = locked {
            guard let step = script.first, let frame = frames.last,
                  step.isAnswered(frame.textGrid.joined(separator: "\n")) else { return nil }
            script.removeFirst()
            return step.key
        }
        if input == nil { usleep(UInt32(timeoutMilliseconds) * 1000) }
        return input
    }

    func locked<Value>(_ body: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// A trainer that emits `.started` and one `.progress`, then answers pause, resume and stop as
/// the real one does between batches, and records every call.
final class FakeTrainer: TrainerHandle, @unchecked Sendable {
    enum Call: Hashable { case pause, resume, stop, threads(Int) }

    let model: ModelKind
    private let condition = NSCondition()
    private var requests: [Call] = []
    private(set) var calls: [Call] = []
    private(set) var started = false

    init(model: ModelKind) { self.model = model }

    func start(emit: @escaping @Sendable (TrainingEvent) -> Void, exited: @escaping @Sendable () -> Void) {
        condition.lock()
        started = true
        condition.unlock()
        let model = self.model
        Thread { [self] in
            emit(Fixtures.started(model))
            emit(Fixtures.progress(model, epoch: 1, batch: 10))
            while true {
                condition.lock()
                while requests.isEmpty { condition.wait() }
                let request = requests.removeFirst()
                condition.unlock()
                switch request {
                case .pause: emit(.paused(model))
                case .resume: emit(.resumed(model))
                case .stop:
                    emit(.stopped(model, completedEpochs: 0))
                    exited()
                    return
                case .threads: break
                }
            }
        }.start()
    }

    func pause() { record(.pause) }
    func resume() { record(.resume) }
    func stop() { record(.stop) }
    func setComputeThreads(_ count: Int) { record(.threads(count)) }

    var recordedCalls: [Call] {
        condition.lock()
        defer { condition.unlock() }
        return calls
    }

    private func record(_ call: Call) {
        condition.lock()
        calls.append(call)
        requests.append(call)
        condition.broadcast()
        condition.unlock()
    }
}

/// Hands a terminal made on the test's thread to the session's terminal thread.
final class TerminalBox: @unchecked Sendable {
    let terminal: PacedTerminal
    init(_ terminal: PacedTerminal) { self.terminal = terminal }
}
