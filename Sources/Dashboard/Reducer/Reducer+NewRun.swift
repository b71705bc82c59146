// Reducer+NewRun: the new-run form (`n`, #12): opening it with a run's settings, its keys, starting the run,
// and the started run joining the tabs with its share of the cores.
import TerminalUI
import Training

extension DashboardState {
    /// `n`: the form, its defaults from the run under the runs view's cursor, else the selected tab's run.
    mutating func openNewRunForm() {
        if screen == .runs, let run = runsView.cursorRun {
            newRunForm = NewRunForm(run: run)
        } else {
            let model = selectedModel
            var configuration = model.settings ?? TrainingConfiguration(model: model.model, recipe: Recipe(rawValue: model.recipe) ?? .seed)
            if model.settings == nil {
                configuration.epochs = model.plannedEpochs
                configuration.batchSize = model.batchSize
            }
            newRunForm = NewRunForm(configuration, sourceRunID: model.runID)
        }
        overlays.removeAll { $0 == .newRunForm }
        open(.newRunForm)
    }

    /// The form's keys. Enter starts the run when every field can (`.startRun`), else says which cannot.
    mutating func newRunFormAction(_ action: NewRunFormAction) -> [DashboardEffect] {
        guard var form = newRunForm else { return [] }
        defer { if overlays.contains(.newRunForm) { newRunForm = form } }
        switch action {
        case .previousField: form.moveFocus(by: -1)
        case .nextField: form.moveFocus(by: 1)
        case .stepDown: form.step(by: -1)
        case .stepUp: form.step(by: 1)
        case .cancel: closeNewRunForm()
        case .start:
            switch form.configuration() {
            case .failure(let problem):
                form.problem = problem
                form.focus = problem.field
                form.replacesOnType = true
            case .success(let configuration):
                closeNewRunForm()
                post("starting a \(configuration.model.displayName) run (\(configuration.recipe.rawValue), \(configuration.epochs) epochs)…")
                return [.startRun(configuration)]
            }
        }
        return []
    }

    /// A key that is not one of the form's own: characters edit the focused number, Backspace deletes.
    mutating func typeIntoNewRunForm(_ key: Key) {
        switch key {
        case .character(let character): newRunForm?.type(character)
        case .backspace, .delete: newRunForm?.deleteBackward()
        default: break
        }
    }

    private mutating func closeNewRunForm() {
        newRunForm = nil
        overlays.removeAll { $0 == .newRunForm }
    }

    /// A run started from the form: a new tab, selected, on the main screen; the cores are shared again
    /// before its trainer starts, so that it never runs more threads than cores with the others.
    mutating func addStartedRun(_ model: ModelRunState) -> [DashboardEffect] {
        models.append(model)
        let slot = models.count - 1
        selected = slot
        show(.main)
        post("started \(model.runID ?? model.model.displayName) in tab \(slot + 1)")
        return shareCores() + [.launchTrainer(slot: slot)]
    }
}
