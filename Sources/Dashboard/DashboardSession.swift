// DashboardSession: the dashboard's run loop: one stream of inputs (keys, trainer events, ticks) → reduce → commands → frames.
import Foundation
import TerminalUI
import Training

/// Runs the dashboard: takes over the terminal (on its own thread), starts the trainers (each on
/// its own thread), then folds every input into the state in arrival order and draws frames:
/// at most 20 a second after keys, 10 a second for training progress (each frame wakes a core
/// the trainers want). Ends when the user has quit and every trainer has returned.
public final class DashboardSession {
    /// The shortest gap between frames after a key (also the tick period).
    static let keyFrameInterval = Duration.milliseconds(50)
    /// The shortest gap between frames that only show training progress.
    static let progressFrameInterval = Duration.milliseconds(100)

    public private(set) var state: DashboardState
    private let trainers: [any TrainerHandle]
    private let themes: ThemeCatalog
    private var theme: Theme
    private let runsDirectory: URL?

    /// - Parameters:
    ///   - trainers: one per entry of `state.models`, in the same order.
    ///   - runsDirectory: where `r` looks for earlier runs (nil: none).
    public init(state: DashboardState, trainers: [any TrainerHandle], themes: ThemeCatalog, theme: Theme,
                runsDirectory: URL?) {
        precondition(trainers.count == state.models.count, "one trainer per model")
        self.state = state
        self.trainers = trainers
        self.themes = themes
        self.theme = theme
        self.runsDirectory = runsDirectory
    }

    /// Runs until the user quits and the trainers have returned; the terminal is restored on return.
    /// - Throws: what the terminal's `start()` throws (before any trainer starts).
    public func run(makeTerminal: @escaping @Sendable () -> any Terminal) async throws {
        let (inputs, continuation) = AsyncStream.makeStream(of: DashboardInput.self)
        let terminal = TerminalThread()
        let (size, capabilities) = try await terminal.start(makeTerminal: makeTerminal, inputs: continuation)
        _ = reduce(&state, .resize(size))
        for command in state.shareCores() { _ = execute(command, inputs: continuation) }
        for (slot, trainer) in trainers.enumerated() {
            trainer.start(emit: { continuation.yield(.training(slot: slot, $0)) },
                          exited: { continuation.yield(.trainerExited(slot: slot)) })
        }
        let clock = ContinuousClock()
        let ticker = Self.startTicker(clock: clock, inputs: continuation)
        var lastFrame: ContinuousClock.Instant?
        var needsFrame = true
        var frameInterval = Self.keyFrameInterval
        for await input in inputs {
            var pending = [input]
            var shouldExit = false
            while !pending.isEmpty {
                for command in reduce(&state, pending.removeFirst()) {
                    switch command {
                    case .exit: shouldExit = true
                    case .redraw: needsFrame = true
                    default: pending += execute(command, inputs: continuation)
                    }
                }
            }
            if shouldExit { break }
            switch input {
            case .tick: break
            case .training: needsFrame = true
            default:
                needsFrame = true
                frameInterval = Self.keyFrameInterval
            }
            if needsFrame, lastFrame.map({ clock.now - $0 >= frameInterval }) ?? true {
                var frame = CellBuffer(size: state.screen)
                render(state, into: &frame, capabilities: capabilities, theme: theme)
                terminal.show(frame)
                needsFrame = false
                lastFrame = clock.now
                frameInterval = Self.progressFrameInterval
            }
        }
        ticker.cancel()
        continuation.finish()
        await terminal.finish()
    }

    /// Sends `.tick` every frame interval, with the seconds since it started.
    private static func startTicker(clock: ContinuousClock,
                                    inputs: AsyncStream<DashboardInput>.Continuation) -> Task<Void, Never> {
        let started = clock.now
        return Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: keyFrameInterval)
                let elapsed = (clock.now - started).components
                inputs.yield(.tick(now: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18))
            }
        }
    }

    /// Carries out one command; returns inputs it produced at once (a loaded theme, a notice).
    private func execute(_ command: DashboardCommand, inputs: AsyncStream<DashboardInput>.Continuation) -> [DashboardInput] {
        switch command {
        case .pause(let slot): trainers[slot].pause()
        case .resume(let slot): trainers[slot].resume()
        case .stop(let slot): trainers[slot].stop()
        case .setComputeThreads(let slot, let count): trainers[slot].setComputeThreads(count)
        case .loadTheme(let name):
            do {
                let loaded = try themes.load(named: name)
                theme = loaded.theme
                return [.themeApplied(name: name, warnings: loaded.warnings.map(\.description))]
            } catch {
                return [.notice("theme \(name): \(error)")]
            }
        case .listRuns:
            guard let runsDirectory else { return [.runsListed([])] }
            let excluded = state.ownRunIDs
            Task.detached { inputs.yield(.runsListed(RunSummary.load(from: runsDirectory, excluding: excluded))) }
        case .redraw, .exit:
            break
        }
        return []
    }
}
