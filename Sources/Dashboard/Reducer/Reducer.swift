// reduce: the one place the dashboard's state changes, for every input; returns what the session must do.
import TerminalUI
import Training

/// Applies one input to the state and returns the effects it calls for, in order.
public func reduce(_ state: inout DashboardState, _ input: DashboardInput) -> [DashboardEffect] {
    let effects = reduceInput(&state, input)
    // Whatever changed the misclassified view's image, model, method or predictions asks for its maps.
    return effects + state.requestSaliency()
}

private func reduceInput(_ state: inout DashboardState, _ input: DashboardInput) -> [DashboardEffect] {
    switch input {
    case .key(let key):
        return state.handle(key) + state.featureMapRequests()
    case .resize(let size):
        state.screenSize = size
        return []
    case .terminationRequested:
        return state.quit()
    case .tick(let now):
        state.now = now
        guard let notice = state.notice, notice.expires <= now else { return [] }
        state.notice = nil
        return [.redraw]
    case .training(let slot, let event):
        return state.apply(event, slot: slot)
    case .trainerExited(let slot):
        return state.trainerExited(slot: slot)
    case .runsUpdated(let update):
        state.applyRunsUpdate(update)
        return []
    case .themeApplied(let name, let warnings):
        state.themeName = name
        if let first = warnings.first { state.post(first, isError: true) }
        return []
    case .saliencyComputed(let result):
        state.receiveSaliency(result)
        return []
    case .notice(let text):
        state.post(text, isError: true)
        return []
    case .insight(let slot, let result):
        return state.apply(result, slot: slot)
    case .runStarted(let model):
        return state.addStartedRun(model)
    }
}

extension DashboardState {
    /// Gives each computing trainer its share of the cores: one each while both run, all of them
    /// to the one left when the other is paused or done. Effects only for changed shares.
    public mutating func shareCores() -> [DashboardEffect] {
        let computing = models.indices.filter { models[$0].isComputing }
        guard !computing.isEmpty else { return [] }
        var effects = [DashboardEffect]()
        for (rank, slot) in computing.enumerated() {
            let share = max(1, cores / computing.count + (rank < cores % computing.count ? 1 : 0))
            if models[slot].computeThreads != share {
                models[slot].computeThreads = share
                effects.append(.setComputeThreads(slot: slot, count: share))
            }
        }
        return effects
    }

    /// `q`, Ctrl-C or SIGTERM: stop every trainer that still runs; exit once all have returned.
    mutating func quit() -> [DashboardEffect] {
        guard !isQuitting else { return [] }
        isQuitting = true
        if !models.isEmpty { show(.main) }
        let running = models.indices.filter { !models[$0].threadExited }
        return running.isEmpty ? [.exit] : running.map { .stop(slot: $0) }
    }

    /// Space: pause the model in `slot`, or resume it when paused (or pausing).
    mutating func togglePause(slot: Int) -> [DashboardEffect] {
        let model = models[slot]
        guard !model.phase.isFinal, !model.threadExited else {
            post("\(model.model.displayName) is \(PhaseText.word(model)); nothing to pause")
            return []
        }
        if model.canPause {
            models[slot].pauseRequested = true
            return [.pause(slot: slot)]
        }
        models[slot].pauseRequested = false
        // Narrow the others first, so resuming never runs more threads than cores.
        return shareCores() + [.resume(slot: slot)]
    }

    /// `p`: pause every running model, or resume them all when none runs.
    mutating func togglePauseAll() -> [DashboardEffect] {
        let pausable = models.indices.filter { models[$0].canPause }
        if !pausable.isEmpty {
            for slot in pausable { models[slot].pauseRequested = true }
            return pausable.map { .pause(slot: $0) }
        }
        let resumable = models.indices.filter { models[$0].pauseRequested && !models[$0].phase.isFinal }
        for slot in resumable { models[slot].pauseRequested = false }
        return shareCores() + resumable.map { .resume(slot: $0) }
    }

    mutating func trainerExited(slot: Int) -> [DashboardEffect] {
        guard models.indices.contains(slot) else { return [] }
        models[slot].threadExited = true
        models[slot].progress = nil
        if !models[slot].phase.isFinal { models[slot].phase = .failed("the trainer ended without a report") }
        let effects = shareCores()
        return isQuitting && models.allSatisfy(\.threadExited) ? effects + [.exit] : effects
    }
}
