// Reducer+Keys: what each key does, globally, on the misclassified screen and in the help and runs overlays.
import FashionMNIST
import TerminalUI

extension DashboardState {
    mutating func handle(_ key: Key) -> [DashboardEffect] {
        if key == .ctrlC { return quit() }
        guard !isQuitting else { return [] }
        if overlays.last == .help {
            back()   // Esc or any key closes the help.
            return []
        }
        if overlays.last == .runs, handleRunListKey(key) { return [] }
        if screen == .misclassified, handleBrowserKey(key) { return [] }
        return handleGlobalKey(key)
    }

    private mutating func handleGlobalKey(_ key: Key) -> [DashboardEffect] {
        switch key {
        case .character("q"):
            return quit()
        case .tab:
            selected = (selected + 1) % models.count
        case .backTab:
            selected = (selected + models.count - 1) % models.count
        case .character(let digit) where digit.wholeNumberValue.map { (1...models.count).contains($0) } ?? false:
            selected = digit.wholeNumberValue! - 1
        case .character(" "):
            return togglePause(slot: selected)
        case .character("p"):
            return togglePauseAll()
        case .character("t"):
            let index = themeNames.firstIndex(of: themeName) ?? -1
            return themeNames.isEmpty ? [] : [.loadTheme(name: themeNames[(index + 1) % themeNames.count])]
        case .character("l"):
            lossScale = lossScale == .linear ? .logarithmic : .linear
        case .character("+"), .character("="):
            smoothingLevel = min(smoothingLevel + 1, Self.smoothingWeights.count - 1)
        case .character("-"), .character("_"):
            smoothingLevel = max(smoothingLevel - 1, 0)
        case .character("m"):
            show(screen == .misclassified ? .main : .misclassified)
        case .character("r"):
            show(.main)
            open(.runs)
            runList = RunList()
            return [.listRuns]
        case .character("?"):
            open(.help)
        case .escape:
            show(.main)
        default:
            break
        }
        return []
    }

    /// ←/→ step, `c` filters by true class, Esc or `m` closes; false for keys it leaves to the rest.
    private mutating func handleBrowserKey(_ key: Key) -> Bool {
        let all = selectedModel.predictions?.misclassified ?? []
        switch key {
        case .left: browser.move(by: -1, in: all)
        case .right: browser.move(by: 1, in: all)
        case .home: browser.testIndex = browser.visible(all).first?.index
        case .end: browser.testIndex = browser.visible(all).last?.index
        case .character("c"): browser.cycleClassFilter(classCount: FashionMNIST.classNames.count)
        case .escape, .character("m"): show(.main)
        default: return false
        }
        return true
    }

    /// ↑/↓ move, Space or Enter choose a run for the chart, Esc or `r` closes.
    private mutating func handleRunListKey(_ key: Key) -> Bool {
        let runs = runList.runs ?? []
        switch key {
        case .up, .character("k"):
            runList.cursor = max(runList.cursor - 1, 0)
        case .down, .character("j"):
            runList.cursor = min(runList.cursor + 1, max(runs.count - 1, 0))
        case .character(" "), .enter:
            guard runs.indices.contains(runList.cursor) else { return true }
            let run = runs[runList.cursor]
            if let chosen = comparedRuns.firstIndex(where: { $0.id == run.id }) {
                comparedRuns.remove(at: chosen)
            } else {
                comparedRuns.append(run)
            }
        case .escape, .character("r"):
            back()
        default:
            return false
        }
        return true
    }
}
