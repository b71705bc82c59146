// The run detail screen's panes (Enter in the runs view): the run's settings and scores, its per-epoch
// table, and its test confusion matrix (the latest validation one until it has test scores).
import FashionMNIST
import TerminalUI
import Training

extension PaneID {
    static let runSettings = PaneID("run-settings")
    static let runEpochs = PaneID("run-epochs")
    static let runConfusion = PaneID("run-confusion")
}

extension PaneContext {
    /// The run the detail screen shows; nil once its folder is gone.
    var openedRun: RunSummary? { state.runsView.openedID.flatMap { state.runsView.runs[$0] } }
}

struct RunSettingsPane: Pane {
    var id: PaneID { .runSettings }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let theme = context.theme
        guard let run = context.openedRun else { return }
        let inside = context.drawFrame(of: id, title: run.id, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let lines = Self.lines(run)
        let keyWidth = (lines.map(\.key.count).max() ?? 0) + 2
        for (offset, line) in lines.prefix(inside.height).enumerated() {
            let point = Point(x: inside.x, y: inside.y + offset)
            let x = buffer.write(line.key.rightPadded(toWidth: keyWidth), at: point, style: theme.muted, clip: inside)
            let style = line.key == "state" ? RunsTablePane.style(of: run.status, theme: theme)
                : line.key == "problem" ? theme.wrong : theme.text
            buffer.write(line.value, at: Point(x: x, y: point.y), style: style, clip: inside)
        }
    }

    /// What the run is and how it did, then every setting by its short name.
    static func lines(_ run: RunSummary) -> [(key: String, value: String)] {
        var lines: [(key: String, value: String)] = [
            ("state", run.status.rawValue),
            ("model", RunColumn.model.text(of: run) + " " + RunColumn.recipe.text(of: run)),
            ("epochs", RunColumn.epochs.text(of: run)),
            ("best valid", RunColumn.bestValidLoss.text(of: run) + "  acc " + RunColumn.validAccuracy.text(of: run)),
            ("test acc", RunColumn.testAccuracy.text(of: run) + "  last " + RunColumn.lastTestAccuracy.text(of: run)),
        ]
        if let started = run.started { lines.append(("started", LocalTime.minutes(started))) }
        if let sweep = run.sweepID { lines.append(("sweep", sweep + (run.sweepTrial.map { " trial \($0)" } ?? ""))) }
        if let problem = run.problem { lines.append(("problem", problem)) }
        let known = RunColumn.settingNames.map(\.key)
        let keys = known.filter { run.settings[$0] != nil } + run.settings.keys.filter { !known.contains($0) }.sorted()
        for key in keys where !["model", "recipe", "epochs"].contains(key) {
            lines.append((RunColumn.setting(key).key, run.settings[key] ?? "–"))
        }
        return lines + run.warnings.map { ("warning", $0) }
    }
}

struct RunEpochsPane: Pane {
    var id: PaneID { .runEpochs }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let theme = context.theme
        guard let run = context.openedRun else { return }
        let inside = context.drawFrame(of: id, title: "Epochs", into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        buffer.write(EpochTablePane.header, at: inside.origin, style: theme.muted, clip: inside)
        // The latest epochs that fit: a running run's newest line stays in view.
        for (offset, metrics) in run.history.suffix(max(0, inside.height - 1)).enumerated() {
            let point = Point(x: inside.x, y: inside.y + 1 + offset)
            buffer.write(EpochTablePane.row(metrics), at: point, style: theme.text, clip: inside)
            if metrics.epoch == run.bestEpoch {
                buffer.put(context.glyphs.marker, at: Point(x: inside.x + 6, y: point.y), style: theme.bestMarker, clip: inside)
            }
        }
    }
}

struct RunConfusionPane: Pane {
    var id: PaneID { .runConfusion }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        guard let run = context.openedRun else { return }
        let separator = context.glyphs.separator
        let (title, counts): (String, [[Int]]?) = if let scores = run.scores {
            ("Confusion \(separator) test \(separator) best epoch \(scores.bestEpoch)", scores.test.confusion)
        } else {
            ("Confusion \(separator) validation \(separator) epoch \(run.epochsDone)", run.latestValidConfusion)
        }
        let inside = context.drawFrame(of: id, title: title,
                                       rightTitle: [TextSpan("rows true, columns predicted", style: context.theme.muted)],
                                       into: &buffer, in: rect)
        guard let counts else {
            buffer.write("no confusion matrix in this run's files", at: inside.origin, style: context.theme.muted, clip: inside)
            return
        }
        context.draw(ConfusionGrid(counts: counts, classNames: FashionMNIST.classNames), into: &buffer, in: inside)
    }
}
