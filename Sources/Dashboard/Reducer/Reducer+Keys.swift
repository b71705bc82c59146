// Reducer+Keys: a key, looked up in the key table for the open overlays and the current screen, and what its action does to the state.
import FashionMNIST
import ProgramInfo
import TerminalUI

extension DashboardState {
    /// The scopes whose keys apply now, the first to answer first: the overlays from the top,
    /// the current screen, then the global keys.
    var keyScopes: [KeyScope] {
        overlays.reversed().map(KeyScope.overlay) + [.screen(screen), .global]
    }

    mutating func handle(_ key: Key) -> [DashboardEffect] {
        guard !isQuitting, let action = KeyTable.dashboard.action(for: key, in: keyScopes) else { return [] }
        if action == .typeFilter {
            typeFilter(key)
            return []
        }
        if action == .typeIntoNewRunForm {
            typeIntoNewRunForm(key)
            return []
        }
        return perform(action)
    }

    mutating func perform(_ action: KeyAction) -> [DashboardEffect] {
        if models.isEmpty, action == .openNewRunForm {
            // --watch trains nothing by design; a run started elsewhere shows here within two seconds.
            let folder = runsFolderFlag
            post("--watch starts no runs: start one with `\(CommandName.current) train\(folder)` or in "
                + "`\(CommandName.current) dashboard\(folder)`; it shows here", isError: true)
            return []
        }
        if models.isEmpty, Self.needsAModel(action) {
            post("this dashboard only watches runs (--watch); nothing trains here", isError: true)
            return []
        }
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
        case .openRunsView:
            showRunsView()
        case .openHelp:
            helpFirstEntry = 0
            open(.help)
        case .scrollHelp(let scroll):
            helpFirstEntry = HelpPane.scrolled(self, by: scroll)
        case .back:
            back()
        case .browse(let step):
            browse(step)
        case .runsView(let action):
            runsViewAction(action)
        case .typeFilter:
            break
        case .showProjector, .showLayerHealth, .showFilters, .projector:
            return performInsight(action)
        case .saliency(let action):
            changeSaliency(action)
        case .openConfusionCursor:
            show(.main)   // the matrix is on the main screen
            open(.confusionCursor)
        case .confusionCursor(let action):
            moveConfusionCursor(action)
        case .openNewRunForm:
            openNewRunForm()
        case .newRunForm(let action):
            return newRunFormAction(action)
        case .typeIntoNewRunForm:
            break
        }
        return []
    }

    /// Keys about the trained models, which a watching dashboard (no models) answers with a notice.
    static func needsAModel(_ action: KeyAction) -> Bool {
        switch action {
        case .nextModel, .previousModel, .selectModel, .togglePause, .togglePauseAll, .showMisclassified,
             .showProjector, .showLayerHealth, .showFilters, .projector, .saliency, .openConfusionCursor, .confusionCursor,
             .openNewRunForm: true
        default: false
        }
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
}
