// Reducer+Keys: a key, looked up in the key table for the open overlays and the current screen, and what its action does to the state.
import FashionMNIST
import TerminalUI

extension DashboardState {
    /// The scopes whose keys apply now, the first to answer first: the overlays from the top,
    /// the current screen, then the global keys.
    var keyScopes: [KeyScope] {
        overlays.reversed().map(KeyScope.overlay) + [.screen(screen), .global]
    }

    mutating func handle(_ key: Key) -> [DashboardEffect] {
        guard !isQuitting, let action = KeyTable.dashboard.action(for: key, in: keyScopes) else { return [] }
        return perform(action)
    }

    mutating func perform(_ action: KeyAction) -> [DashboardEffect] {
        switch action {
        case .quit:
            return quit()
        case .nextModel:
            selected = (selected + 1) % models.count
        case .previousModel:
            selected = (selected + models.count - 1) % models.count
        case .selectModel(let slot):
            if models.indices.contains(slot) { selected = slot }
        case .togglePause:
            return togglePause(slot: selected)
        case .togglePauseAll:
            return togglePauseAll()
        case .nextTheme:
            let index = themeNames.firstIndex(of: themeName) ?? -1
            return themeNames.isEmpty ? [] : [.loadTheme(name: themeNames[(index + 1) % themeNames.count])]
        case .toggleLossScale:
            lossScale = lossScale == .linear ? .logarithmic : .linear
        case .smoothMore:
            smoothingLevel = min(smoothingLevel + 1, Self.smoothingWeights.count - 1)
        case .smoothLess:
            smoothingLevel = max(smoothingLevel - 1, 0)
        case .showMisclassified:
            show(.misclassified)
        case .openRuns:
            show(.main)
            open(.runs)
            runList = RunList()
            return [.listRuns]
        case .openHelp:
            open(.help)
        case .back:
            back()
        case .browse(let step):
            browse(step)
        case .chooseRuns(let move):
            chooseRuns(move)
        case .saliency(let action):
            changeSaliency(action)
        case .openConfusionCursor:
            show(.main)   // the runs list would cover the matrix
            open(.confusionCursor)
        case .confusionCursor(let action):
            moveConfusionCursor(action)
        }
        return []
    }

    private mutating func browse(_ action: BrowserAction) {
        let shown = browser.visible(selectedModel.predictions, labels: testImages.labels)
        switch action {
        case .previous: browser.move(by: -1, in: shown)
        case .next: browser.move(by: 1, in: shown)
        case .first: browser.testIndex = shown.first?.index
        case .last: browser.testIndex = shown.last?.index
        case .cycleClassFilter: browser.cycleClassFilter(classCount: FashionMNIST.classNames.count)
        }
    }

    private mutating func chooseRuns(_ action: RunListAction) {
        let runs = runList.runs ?? []
        switch action {
        case .up:
            runList.cursor = max(runList.cursor - 1, 0)
        case .down:
            runList.cursor = min(runList.cursor + 1, max(runs.count - 1, 0))
        case .toggleCompared:
            guard runs.indices.contains(runList.cursor) else { return }
            let run = runs[runList.cursor]
            if let chosen = comparedRuns.firstIndex(where: { $0.id == run.id }) {
                comparedRuns.remove(at: chosen)
            } else {
                comparedRuns.append(run)
            }
        }
    }
}
