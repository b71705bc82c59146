// TerminalThread: the one thread that touches the terminal: it presents the latest frame and turns keys into inputs.
import Foundation
import Synchronization
import TerminalUI

/// Owns a `Terminal` on a dedicated thread (curses is not thread-safe). Frames are handed over
/// through a one-slot mailbox (the newest wins); inputs go into the session's stream.
final class TerminalThread: Sendable {
    /// How long one wait for a key lasts: also the longest a progress frame waits to be presented.
    static let pollMilliseconds = 25
    /// After a key the answering frame comes within milliseconds: wait in short steps for it.
    static let answerPollMilliseconds = 2
    /// How long to expect that frame.
    static let answerWaitNanoseconds: UInt64 = 100_000_000

    private struct Mailbox {
        var frame: CellBuffer?
        var stopRequested = false
        var onStopped: CheckedContinuation<Void, Never>?
    }

    private let mailbox = Mutex(Mailbox())

    /// Starts the thread, which makes and starts the terminal. Returns its size and capabilities,
    /// or throws what `start()` threw (then the thread has ended).
    func start(makeTerminal: @escaping @Sendable () -> any Terminal,
               inputs: AsyncStream<DashboardInput>.Continuation) async throws -> (Size, Capabilities) {
        try await withCheckedThrowingContinuation { started in
            let thread = Thread { [self] in
                Thread.current.name = "terminal"
                let terminal = makeTerminal()
                do {
                    try terminal.start()
                } catch {
                    started.resume(throwing: error)
                    return
                }
                started.resume(returning: (terminal.size, terminal.capabilities))
                serve(terminal, inputs: inputs)
            }
            thread.start()
        }
    }

    /// Hands a frame to the thread; a frame not yet presented is replaced.
    func show(_ frame: CellBuffer) {
        mailbox.withLock { $0.frame = frame }
    }

    /// Asks the thread to restore the terminal and end; returns when it has.
    func finish() async {
        await withCheckedContinuation { stopped in
            mailbox.withLock {
                $0.stopRequested = true
                $0.onStopped = stopped
            }
        }
    }

    private func serve(_ terminal: any Terminal, inputs: AsyncStream<DashboardInput>.Continuation) {
        var answerExpectedUntil: UInt64 = 0
        while true {
            let (frame, stopRequested) = mailbox.withLock { mailbox in
                defer { mailbox.frame = nil }
                return (mailbox.frame, mailbox.stopRequested)
            }
            if stopRequested { break }
            if let frame {
                terminal.present(frame)
                answerExpectedUntil = 0
            }
            let waitStarted = DispatchTime.now().uptimeNanoseconds
            let timeout = waitStarted < answerExpectedUntil ? Self.answerPollMilliseconds : Self.pollMilliseconds
            if let input = terminal.nextInput(timeoutMilliseconds: timeout) {
                inputs.yield(Self.dashboardInput(input))
                answerExpectedUntil = DispatchTime.now().uptimeNanoseconds + Self.answerWaitNanoseconds
            } else if DispatchTime.now().uptimeNanoseconds - waitStarted < UInt64(timeout) * 500_000 {
                usleep(UInt32(timeout) * 1000)   // a terminal that does not wait (a test double)
            }
        }
        terminal.stop()
        mailbox.withLock { $0.onStopped?.resume() }
    }

    static func dashboardInput(_ input: TerminalInput) -> DashboardInput {
        switch input {
        case .key(let key): .key(key)
        case .resize(let size): .resize(size)
        case .terminationRequested: .terminationRequested
        }
    }
}
