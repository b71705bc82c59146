// ExperimentsLayout: where the panes of the runs view, the run detail screen and the compare screen go in
// the body.
import TerminalUI

enum ExperimentsLayout {
    /// Border + header + ten classes + border, as on the main screen.
    static let confusionHeight = MainScreenLayout.confusionHeight

    /// The runs view: the table fills the body.
    static func runs(body: Rect) -> [PanePlacement] {
        [PanePlacement(pane: RunsTablePane(), rect: body)]
    }

    /// Left: settings over the epoch table; right: loss (and accuracy when tall enough) over the confusion matrix.
    static func runDetail(body: Rect) -> [PanePlacement] {
        // The epoch table's columns but its time need 46 cells; the confusion shades 34.
        let (left, right) = body.divided(atDistance: max(body.width * 2 / 5, min(54, body.width - 34)), from: .left)
        let (settings, epochs) = left.divided(atDistance: min(left.height / 2, 16), from: .top)
        let (charts, confusion) = right.divided(atDistance: max(0, right.height - confusionHeight), from: .top)
        var placements = [PanePlacement(pane: RunSettingsPane(), rect: settings),
                          PanePlacement(pane: RunEpochsPane(), rect: epochs),
                          PanePlacement(pane: RunConfusionPane(), rect: confusion)]
        let curves: (PaneContext) -> [RunCurve] = { context in
            guard let run = context.openedRun else { return [] }
            let marked = context.state.runsView.markedRuns.enumerated().filter { $0.element.id != run.id }
            // Told apart from each other and from the opened run (runs started in the same minute).
            let labels = RunsGrid.distinctShortIDs([run.id] + marked.map(\.element.id)).dropFirst()
            return [RunCurve(label: "valid", run: run, style: context.theme.validLine)]
                + zip(marked, labels).map { RunCurve(label: $1, run: $0.element, style: context.theme.compareLine($0.offset)) }
        }
        let loss = RunCurvesPane(metric: .loss, curves: curves, showsFirstTrainLoss: true)
        if charts.height >= 16 {
            let (top, bottom) = charts.divided(atDistance: charts.height / 2, from: .top)
            placements += [PanePlacement(pane: loss, rect: top),
                           PanePlacement(pane: RunCurvesPane(metric: .accuracy, curves: curves), rect: bottom)]
        } else {
            placements.append(PanePlacement(pane: loss, rect: charts))
        }
        return placements
    }

    /// Left: both runs' loss over their accuracy; right: the confusion difference over what differs.
    static func compare(body: Rect) -> [PanePlacement] {
        let (left, right) = body.divided(atDistance: body.width / 2, from: .left)
        let (loss, accuracy) = left.divided(atDistance: left.height / 2, from: .top)
        let (confusion, settings) = right.divided(atDistance: min(confusionHeight, right.height), from: .top)
        let curves: (PaneContext) -> [RunCurve] = { context in
            guard let comparison = context.comparison else { return [] }
            return [RunCurve(label: "A", run: comparison.a, style: context.theme.compareLine(0)),
                    RunCurve(label: "B", run: comparison.b, style: context.theme.compareLine(1))]
        }
        return [PanePlacement(pane: RunCurvesPane(metric: .loss, curves: curves), rect: loss),
                PanePlacement(pane: RunCurvesPane(metric: .accuracy, curves: curves), rect: accuracy),
                PanePlacement(pane: ConfusionDeltaPane(), rect: confusion),
                PanePlacement(pane: CompareSettingsPane(), rect: settings)]
    }
}
