// HeaderPane: the two header rows: the tab bar with every model's state and speed, and the selected model's detail line.
import ProgramInfo
import TerminalUI
import Training

extension PaneID {
    static let header = PaneID("header")
}

/// The model tabs over every screen, and the selected model's detail line under them.
struct HeaderPane: Pane {
    var id: PaneID { .header }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (tabRow, rest) = rect.divided(atDistance: 1, from: .top)
        renderTabs(into: &buffer, in: tabRow, context: context)
        renderDetail(into: &buffer, in: rest.divided(atDistance: 1, from: .top).slice, context: context)
    }

    /// ` fmnist-tui  [1 FCNN ● training 3/50 · 1,840 img/s]  2 CNN ‖ paused 2/50     theme dark  ? help`
    private func renderTabs(into buffer: inout CellBuffer, in row: Rect, context: PaneContext) {
        guard !row.isEmpty else { return }
        let (state, theme) = (context.state, context.theme)
        let title = " fmnist-tui "
        var column = buffer.write(title, at: row.origin, style: theme.accent, clip: row) + 1
        let rightTexts = ["theme \(state.themeName)  ? help ", "? help ", ""]
        let width = { (tabs: [[TextSpan]]) in tabs.reduce(0) { $0 + $1.width + 3 } }
        // The most verbose tabs that fit, with as much of the right text as still fits.
        var chosen: (tabs: [[TextSpan]], right: String) = ([], "")
        search: for verbosity in [3, 2, 1, 0] {
            let tabs = state.models.enumerated().map { tab($1, slot: $0, verbosity: verbosity, context: context) }
            chosen = (tabs, "")
            for right in rightTexts where column + width(tabs) + right.count <= row.maxX {
                chosen = (tabs, right)
                break search
            }
        }
        context.draw(TabBar(tabs: chosen.tabs, selectedIndex: state.selected),
                     into: &buffer, in: Rect(x: column, y: row.y, width: row.maxX - column, height: 1))
        column += width(chosen.tabs)
        if !chosen.right.isEmpty {
            buffer.write(chosen.right, at: Point(x: row.maxX - chosen.right.count, y: row.y), style: theme.muted, clip: row)
        }
    }

    /// One tab's text, from the most (3) to the least (0) verbose.
    private func tab(_ model: ModelRunState, slot: Int, verbosity: Int, context: PaneContext) -> [TextSpan] {
        let (theme, capabilities) = (context.theme, context.capabilities)
        let glyph = PhaseText.glyph(model, glyphs: capabilities.glyphs)
        let phaseStyle = PhaseText.style(model, theme: theme)
        var spans: [TextSpan] = [TextSpan("\(slot + 1) \(model.model.displayName) "), TextSpan(String(glyph), style: phaseStyle)]
        if verbosity >= 3 { spans.append(TextSpan(" " + PhaseText.word(model, quitting: context.state.isQuitting), style: phaseStyle)) }
        if verbosity >= 1 { spans.append(TextSpan(" \(model.currentEpoch)/\(model.plannedEpochs)")) }
        if verbosity >= 2, model.phase == .training, !model.pauseRequested, model.imagesPerSecond > 0 {
            spans.append(TextSpan(" \(capabilities.glyphs.separator) " + Formatting.speed(model.imagesPerSecond), style: theme.muted))
        }
        return spans
    }

    /// ` CNN  ● training  epoch 3/50  ████▌░░░ 1430/2400  ETA 0:07  1,840 img/s  best: epoch 2, valid loss 0.2413, acc 91.2 %`
    private func renderDetail(into buffer: inout CellBuffer, in row: Rect, context: PaneContext) {
        guard !row.isEmpty else { return }
        guard !context.state.models.isEmpty else {
            renderWatching(into: &buffer, in: row, context: context)
            return
        }
        let (model, theme, capabilities) = (context.model, context.theme, context.capabilities)
        let glyph = PhaseText.glyph(model, glyphs: capabilities.glyphs)
        let phaseStyle = PhaseText.style(model, theme: theme)
        var lead: [TextSpan] = [" ", TextSpan(model.model.displayName, style: theme.title),
                                TextSpan(" \(model.recipe)", style: theme.muted), "  ",
                                TextSpan("\(glyph) \(PhaseText.word(model, quitting: context.state.isQuitting))", style: phaseStyle)]
        let best = bestTexts(model, context: context)
        switch model.phase {
        case .finished:
            let test = model.testAccuracy.map { "  test accuracy \(Formatting.percent($0, decimals: 2))" } ?? ""
            lead.append(TextSpan("  \(model.completedEpochs)/\(model.plannedEpochs) epochs\(test)"))
            writeFitting(lead, variants: [[best.long], [best.short], []], into: &buffer, row: row, theme: theme)
        case .stopped:
            let folder = context.state.runsFolderFlag
            let resume = model.runID.map { "  resume: \(CommandName.current) resume \($0)\(folder)" } ?? ""
            lead.append(TextSpan("  after \(model.completedEpochs) epochs"))
            writeFitting(lead, variants: [[TextSpan(resume, style: theme.muted)], [best.short], []], into: &buffer, row: row, theme: theme)
        case .failed(let message), .diverged(let message):
            writeFitting(lead, variants: [[TextSpan(": " + message, style: theme.wrong)]], into: &buffer, row: row, theme: theme)
        case .starting, .training, .paused:
            lead.append(TextSpan("  epoch \(model.currentEpoch)/\(model.plannedEpochs)  "))
            renderProgress(model, lead: lead, best: best, into: &buffer, row: row, context: context)
        }
    }

    private func renderProgress(_ model: ModelRunState, lead: [TextSpan], best: (long: TextSpan, short: TextSpan),
                                into buffer: inout CellBuffer, row: Rect, context: PaneContext) {
        let theme = context.theme
        let progress = model.progress
        let batches = max(progress?.batchesPerEpoch ?? model.batchesPerEpoch, 1)
        let batch = progress?.batch ?? 0
        let validating = batch == batches
        let label = validating ? "validating" : "\(batch)/\(batches)"
        let computing = model.phase == .training && !model.pauseRequested
        var extras: [TextSpan] = []
        if computing, !validating, model.imagesPerSecond > 0 {
            let remaining = Double((batches - batch) * model.batchSize) / model.imagesPerSecond
            extras = [TextSpan("  ETA \(Formatting.clock(remaining))"), TextSpan("  " + Formatting.speed(model.imagesPerSecond), style: theme.muted)]
        }
        let variants: [[TextSpan]] = [extras + [best.long], extras + [best.short], extras, []]
        let minimumBar = 8 + label.count + 1
        let trail = variants.first { lead.width + minimumBar + $0.width <= row.width }
        var column = buffer.write(lead, at: row.origin, baseStyle: theme.text, clip: row)
        guard let trail else { return }
        let barWidth = min(row.maxX - column - trail.width, 32 + label.count + 1)
        context.draw(ProgressBar(fraction: Double(batch) / Double(batches), label: label),
                     into: &buffer, in: Rect(x: column, y: row.y, width: barWidth, height: 1))
        column += barWidth
        buffer.write(trail, at: Point(x: column, y: row.y), baseStyle: theme.text, clip: row)
    }

    /// ` watching runs/ · 12 runs, 3 running · read-only: nothing trains in this dashboard` (`--watch`).
    private func renderWatching(into buffer: inout CellBuffer, in row: Rect, context: PaneContext) {
        let (view, theme, separator) = (context.state.runsView, context.theme, context.glyphs.separator)
        let lead: [TextSpan] = [" ", TextSpan("watching \(view.folderName)", style: theme.title),
                                TextSpan("  \(view.runs.count) runs, \(view.runningCount) running")]
        writeFitting(lead, variants: [[TextSpan("  \(separator) read-only: nothing trains in this dashboard", style: theme.muted)], []],
                     into: &buffer, row: row, theme: theme)
    }

    /// The lead, then the first variant that fits after it (or none).
    private func writeFitting(_ lead: [TextSpan], variants: [[TextSpan]], into buffer: inout CellBuffer, row: Rect, theme: Theme) {
        let column = buffer.write(lead, at: row.origin, baseStyle: theme.text, clip: row)
        if let trail = variants.first(where: { column + $0.width <= row.maxX }) {
            buffer.write(trail, at: Point(x: column, y: row.y), baseStyle: theme.text, clip: row)
        }
    }

    /// "  best: epoch 9, valid loss 0.2413, acc 92.4 %" and "  best 9: 0.2413".
    private func bestTexts(_ model: ModelRunState, context: PaneContext) -> (long: TextSpan, short: TextSpan) {
        guard let best = model.bestMetrics, best.validLoss != nil else { return ("", "") }
        let (theme, marker) = (context.theme, context.glyphs.marker)
        return (TextSpan("  \(marker) best: epoch \(best.epoch), valid loss \(Formatting.loss(best.validLoss)), "
                         + "acc \(Formatting.percent(best.validAccuracy))", style: theme.bestMarker.bolded(false)),
                TextSpan("  \(marker) best \(best.epoch): \(Formatting.loss(best.validLoss))", style: theme.bestMarker.bolded(false)))
    }
}
