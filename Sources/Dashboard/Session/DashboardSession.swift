// DashboardSession: the dashboard's run loop: one stream of inputs (keys, trainer events, ticks) → reduce → effects → frames.
import Foundation
import TerminalUI
import Training

/// Runs the dashboard: takes over the terminal (on its own thread), starts the trainers (each on
/// its own thread), then folds every input into the state in arrival order and draws frames as
/// `FramePacer` says. Ends when the user has quit and every trainer has returned.
public final class DashboardSession {
    /// Period of the clock ticks (notices expire on them).
    static let tickInterval = Duration.milliseconds(250)

    public private(set) var state: DashboardState
    /// One per entry of `state.models`, in the same order; runs started from the form are appended (#12).
    private var trainers: [any TrainerHandle]
    /// Makes the runs of the new-run form; nil: the form's runs are refused with a notice (`--watch`).
    private let runStarter: (any RunStarter)?
    private let themes: ThemeCatalog
    private var theme: Theme
    private let runsDirectory: URL?
    /// The projector's and filters' computations (#14).
    private let projectionWorker: ProjectionWorker
    private let saliencyWorker: SaliencyWorker

    /// - Parameters:
    ///   - trainers: one per entry of `state.models`, in the same order.
    ///   - runsDirectory: the runs folder the runs view watches (nil: none).
    ///   - runStarter: starts the new-run form's runs (nil: none can be started).
    public init(state: DashboardState, trainers: [any TrainerHandle], themes: ThemeCatalog, theme: Theme,
                runsDirectory: URL?, runStarter: (any RunStarter)? = nil) {
        precondition(trainers.count == state.models.count, "one trainer per model")
        self.state = state
        self.trainers = trainers
        self.runStarter = runStarter
        self.themes = themes
        self.theme = theme
        self.runsDirectory = runsDirectory
        if let runsDirectory { self.state.runsView.folderName = runsDirectory.lastPathComponent + "/" }
        projectionWorker = ProjectionWorker(testImages: state.testImages)
        saliencyWorker = SaliencyWorker(testImages: state.testImages)
    }

    /// Runs until the user quits and the trainers have returned; the terminal is restored on return.
    /// - Throws: what the terminal's `start()` throws (before any trainer starts).
    public func run(makeTerminal: @escaping @Sendable () -> any Terminal) async throws {
        let executor = SessionExecutor()
        defer { executor.shutDown() }
        try await withTaskExecutorPreference(executor) {
            try await runLoop(makeTerminal: makeTerminal)
        }
    }

    /// The loop itself, on the session's own thread.
    private func runLoop(makeTerminal: @escaping @Sendable () -> any Terminal) async throws {
        let (inputs, continuation) = AsyncStream.makeStream(of: DashboardInput.self)
        let terminal = TerminalThread()
        let (size, capabilities) = try await terminal.start(makeTerminal: makeTerminal, inputs: continuation)
        _ = reduce(&state, .resize(size))
        for effect in state.shareCores() { _ = execute(effect, inputs: continuation) }
        for slot in trainers.indices { launch(slot: slot, inputs: continuation) }
        let clock = ContinuousClock()
        let started = clock.now
        let ticker = SessionTicker(interval: Self.seconds(Self.tickInterval)) {
            continuation.yield(.tick(now: Self.seconds(clock.now - started)))
        }
        let poller = runsDirectory.map { RunsPoller(runsDirectory: $0) }
        poller?.start { continuation.yield(.runsUpdated($0)) }
        var pacer = FramePacer()
        for await input in inputs {
            var pending = [input]
            var shouldExit = false
            while !pending.isEmpty {
                for effect in reduce(&state, pending.removeFirst()) {
                    switch effect {
                    case .exit: shouldExit = true
                    case .redraw: pacer.requestFrame()
                    default: pending += execute(effect, inputs: continuation)
                    }
                }
            }
            if shouldExit { break }
            pacer.note(input)
            switch pacer.decide(now: clock.now) {
            case .draw:
                var frame = CellBuffer(size: state.screenSize)
                render(state, into: &frame, capabilities: capabilities, theme: theme)
                terminal.show(frame)
                pacer.drew(at: clock.now)
            case .wake(let delay):
                ticker.wake(after: Self.seconds(delay))
            case .wait:
                break
            }
        }
        ticker.stop()
        poller?.stop()
        continuation.finish()
        await terminal.finish()
        // The terminal is back first; the insight workers' last computations end before the process does.
        await projectionWorker.finish()
        await saliencyWorker.finish()
    }

    private static func seconds(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// Starts the trainer of `slot` on its thread, its events and exit tagged with the slot.
    private func launch(slot: Int, inputs: AsyncStream<DashboardInput>.Continuation) {
        trainers[slot].start(emit: { inputs.yield(.training(slot: slot, $0)) },
                             exited: { inputs.yield(.trainerExited(slot: slot)) })
    }

    /// A run of the new-run form: its folder and trainer, which `.runStarted` adds as the next slot.
    private func startRun(_ configuration: TrainingConfiguration) -> [DashboardInput] {
        guard let runStarter else { return [.notice("no runs can be started here")] }
        do {
            let started = try runStarter.startRun(configuration)
            trainers.append(started.trainer)
            return [.runStarted(started.model)]
        } catch {
            return [.notice("new run: \(error)")]
        }
    }

    /// Carries out one effect; returns inputs it produced at once (a loaded theme, a notice); work done
    /// elsewhere (the projection worker's) answers later through `inputs`.
    private func execute(_ effect: DashboardEffect, inputs: AsyncStream<DashboardInput>.Continuation) -> [DashboardInput] {
        switch effect {
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
        case .insight(let request):
            projectionWorker.perform(request, state: state, inputs: inputs)
        case .computeSaliency(let request):
            saliencyWorker.submit(request) { inputs.yield(.saliencyComputed($0)) }
        case .prepareSaliency(let slot):
            if let weights = state.saliencyWeights(slot: slot) { saliencyWorker.prepare(weights) }
        case .startRun(let configuration):
            return startRun(configuration)
        case .launchTrainer(let slot):
            launch(slot: slot, inputs: inputs)
        case .redraw, .exit:
            break
        }
        return []
    }
}
