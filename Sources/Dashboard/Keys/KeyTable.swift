// KeyTable: every key of the dashboard in one table: the reducer dispatches on it; the help, the footer, the screens' key lines and `--help` are written from it.
import TerminalUI

/// The dashboard's keys. Rows are in the help box's order; a screen's or overlay's own keys sit
/// after the key that opens it. The README's key table lists the same rows (a test checks it).
public struct KeyTable: Sendable {
    let bindings: [KeyBinding]

    static let dashboard = KeyTable(bindings: [
        KeyBinding(.global, KeyNames("Tab", "1", "2"), help: "switch model (Shift-Tab back)",
                   hint: KeyHint("model", footerRank: .common, shortKeys: "Tab"),
                   presses: [.on(.tab, .nextModel), .on(.backTab, .previousModel)]
                       + (1...9).map { .on(.character(Character(String($0))), .selectModel($0 - 1)) }),
        KeyBinding(.global, KeyNames("Space"), help: "pause / resume the selected model",
                   hint: KeyHint("pause", footerRank: .common), presses: [.on(.character(" "), .togglePause)]),
        KeyBinding(.global, KeyNames("p"), help: "pause / resume both models",
                   hint: KeyHint("pause both", footerRank: .extra), presses: [.on(.character("p"), .togglePauseAll)]),
        KeyBinding(.global, KeyNames("m"), help: "browse misclassified test images",
                   hint: KeyHint("misclassified", footerRank: .common), presses: [.on(.character("m"), .showMisclassified)]),
        KeyBinding(.screen(.misclassified), KeyNames("←", "→", ascii: ["Left", "Right"]), help: "previous / next misclassified image",
                   hint: KeyHint("previous / next, most confidently wrong first"),
                   presses: [.on(.left, .browse(.previous)), .on(.right, .browse(.next)), .on(.home, .browse(.first)), .on(.end, .browse(.last))]),
        KeyBinding(.screen(.misclassified), KeyNames("c"), help: "misclassified of one true class",
                   hint: KeyHint("true class:"), presses: [.on(.character("c"), .browse(.cycleClassFilter))]),
        // Insight: saliency (issue #14).
        KeyBinding(.screen(.misclassified), KeyNames("s", "S"), help: "next / previous saliency method",
                   hint: KeyHint("method:", keys: "s/S"),
                   presses: [.on(.character("s"), .saliency(.nextMethod)), .on(.character("S"), .saliency(.previousMethod))]),
        KeyBinding(.screen(.misclassified), KeyNames("a"), help: "saliency maps signed or absolute",
                   hint: KeyHint("shows"), presses: [.on(.character("a"), .saliency(.toggleSigned))]),
        KeyBinding(.screen(.misclassified), KeyNames("v"), help: "the FCNN's and the CNN's maps side by side",
                   hint: KeyHint("FCNN vs CNN"), presses: [.on(.character("v"), .saliency(.toggleBothModels))]),
        KeyBinding(.screen(.misclassified), KeyNames("Esc", "m"), help: nil,
                   hint: KeyHint("back to the dashboard", keys: "Esc"), presses: [.on(.escape, .back), .on(.character("m"), .back)]),
        // Experiments (#12): the runs view, a run's screen, two runs compared, the filter line.
        KeyBinding(.global, KeyNames("r"), help: "runs view: every run folder, live",
                   hint: KeyHint("runs", footerRank: .common), presses: [.on(.character("r"), .openRunsView)]),
        KeyBinding(.screen(.runs), KeyNames("↑", "↓", ascii: ["Up", "Down"]), help: nil,
                   hint: KeyHint("move", footerRank: .common, keys: "↑↓"),
                   presses: [.on(.up, .runsView(.up)), .on(.character("k"), .runsView(.up)),
                             .on(.down, .runsView(.down)), .on(.character("j"), .runsView(.down)),
                             .on(.pageUp, .runsView(.pageUp)), .on(.pageDown, .runsView(.pageDown)),
                             .on(.home, .runsView(.first)), .on(.end, .runsView(.last))]),
        KeyBinding(.screen(.runs), KeyNames("Space"), help: nil,
                   hint: KeyHint("mark", footerRank: .essential), presses: [.on(.character(" "), .runsView(.toggleMark))]),
        KeyBinding(.screen(.runs), KeyNames("Enter"), help: nil,
                   hint: KeyHint("open", footerRank: .essential), presses: [.on(.enter, .runsView(.open))]),
        KeyBinding(.screen(.runs), KeyNames("c"), help: nil,
                   hint: KeyHint("compare", footerRank: .essential), presses: [.on(.character("c"), .runsView(.compare))]),
        KeyBinding(.screen(.runs), KeyNames("/"), help: nil,
                   hint: KeyHint("filter", footerRank: .essential), presses: [.on(.character("/"), .runsView(.editFilter))]),
        KeyBinding(.screen(.runs), KeyNames("s", "S"), help: nil,
                   hint: KeyHint("sort", footerRank: .common, keys: "s/S"),
                   presses: [.on(.character("s"), .runsView(.nextSortColumn)), .on(.character("S"), .runsView(.reverseSort))]),
        KeyBinding(.screen(.runs), KeyNames("Esc"), help: nil, hint: KeyHint("clear filter / back", footerRank: .extra),
                   presses: [.on(.escape, .runsView(.clearFilterOrLeave))]),
        KeyBinding(.overlay(.runFilter), KeyNames("any key"), help: nil, hint: KeyHint("Enter keeps, Esc clears", keys: "typing filters;"),
                   presses: [.anyKey(.typeFilter)]),
        KeyBinding(.screen(.compare), KeyNames("x"), help: nil,
                   hint: KeyHint("swap A and B", footerRank: .essential), presses: [.on(.character("x"), .runsView(.swapCompared))]),
        KeyBinding(.screen(.run), KeyNames("Esc"), help: nil, hint: KeyHint("back to the runs", footerRank: .essential),
                   presses: [.on(.escape, .back), .on(.enter, .back)]),
        KeyBinding(.screen(.compare), KeyNames("Esc"), help: nil, hint: KeyHint("back to the runs", footerRank: .essential),
                   presses: [.on(.escape, .back)]),
        // New runs from the dashboard (#12): `n` opens the form, whose keys follow.
        KeyBinding(.global, KeyNames("n"), help: "start a new run in a new tab",
                   hint: KeyHint("new run", footerRank: .extra), presses: [.on(.character("n"), .openNewRunForm)]),
        KeyBinding(.overlay(.newRunForm), KeyNames("↑", "↓", ascii: ["Up", "Down"]), help: nil, hint: KeyHint("field", keys: "↑↓"),
                   presses: [.on(.up, .newRunForm(.previousField)), .on(.down, .newRunForm(.nextField)),
                             .on(.backTab, .newRunForm(.previousField)), .on(.tab, .newRunForm(.nextField))]),
        KeyBinding(.overlay(.newRunForm), KeyNames("←", "→", ascii: ["Left", "Right"]), help: nil, hint: KeyHint("change", keys: "←→"),
                   presses: [.on(.left, .newRunForm(.stepDown)), .on(.right, .newRunForm(.stepUp))]),
        KeyBinding(.overlay(.newRunForm), KeyNames("Enter"), help: nil, hint: KeyHint("start"),
                   presses: [.on(.enter, .newRunForm(.start))]),
        KeyBinding(.overlay(.newRunForm), KeyNames("Esc"), help: nil, hint: KeyHint("cancel"),
                   presses: [.on(.escape, .newRunForm(.cancel))]),
        KeyBinding(.overlay(.newRunForm), KeyNames("any key"), help: nil, hint: KeyHint("types into a number", keys: "0-9 . e"),
                   presses: [.anyKey(.typeIntoNewRunForm)]),
        // Insight (#14): the projector, layer-health and filters screens.
        KeyBinding(.global, KeyNames("e"), help: "embedding projector: test images in 2-D",
                   hint: KeyHint("projector", footerRank: .extra), presses: [.on(.character("e"), .showProjector)]),
        KeyBinding(.screen(.projector), KeyNames("←", "→", "↑", "↓", ascii: ["Left", "Right", "Up", "Down"]),
                   help: "move the cursor to a point and its image", hint: KeyHint("cursor", keys: "arrows"),
                   presses: [.on(.left, .projector(.left)), .on(.right, .projector(.right)),
                             .on(.up, .projector(.up)), .on(.down, .projector(.down))]),
        KeyBinding(.screen(.projector), KeyNames("s"), help: "t-SNE / PCA (t-SNE computed on demand)",
                   hint: KeyHint("t-SNE / PCA"), presses: [.on(.character("s"), .projector(.toggleMethod))]),
        KeyBinding(.screen(.projector), KeyNames("Esc", "e"), help: nil,
                   hint: KeyHint("back", keys: "Esc"), presses: [.on(.escape, .back), .on(.character("e"), .back)]),
        KeyBinding(.global, KeyNames("h"), help: "layer health: update ratios, dead units",
                   hint: KeyHint("health", footerRank: .extra), presses: [.on(.character("h"), .showLayerHealth)]),
        KeyBinding(.screen(.layerHealth), KeyNames("Esc", "h"), help: nil,
                   hint: KeyHint("back", keys: "Esc"), presses: [.on(.escape, .back), .on(.character("h"), .back)]),
        KeyBinding(.global, KeyNames("f"), help: "CNN filters and feature maps",
                   hint: KeyHint("filters", footerRank: .extra), presses: [.on(.character("f"), .showFilters)]),
        KeyBinding(.screen(.filters), KeyNames("←", "→", ascii: ["Left", "Right"]), help: "previous / next image of the sample",
                   hint: KeyHint("image"), presses: [.on(.left, .projector(.previousImage)), .on(.right, .projector(.nextImage))]),
        KeyBinding(.screen(.filters), KeyNames("Esc", "f"), help: nil,
                   hint: KeyHint("back", keys: "Esc"), presses: [.on(.escape, .back), .on(.character("f"), .back)]),
        // Insight: the confusion matrix's cursor and drill-down (issue #14).
        KeyBinding(.screen(.main), KeyNames("c"), help: "cursor on the confusion matrix",
                   hint: KeyHint("confusion", footerRank: .extra), presses: [.on(.character("c"), .openConfusionCursor)]),
        KeyBinding(.overlay(.confusionCursor), KeyNames("←", "→", "↑", "↓", ascii: ["Left", "Right", "Up", "Down"]), help: nil,
                   hint: KeyHint("move", keys: "arrows"),
                   presses: [.on(.left, .confusionCursor(.left)), .on(.right, .confusionCursor(.right)),
                             .on(.up, .confusionCursor(.up)), .on(.down, .confusionCursor(.down)),
                             .on(.character("h"), .confusionCursor(.left)), .on(.character("l"), .confusionCursor(.right)),
                             .on(.character("k"), .confusionCursor(.up)), .on(.character("j"), .confusionCursor(.down))]),
        KeyBinding(.overlay(.confusionCursor), KeyNames("Enter"), help: nil, hint: KeyHint("open the cell's images"),
                   presses: [.on(.enter, .confusionCursor(.openCell))]),
        KeyBinding(.overlay(.confusionCursor), KeyNames("Esc", "c"), help: nil, hint: KeyHint("leave", keys: "Esc"),
                   presses: [.on(.escape, .back), .on(.character("c"), .back)]),
        KeyBinding(.global, KeyNames("l"), help: "log / linear loss axis",
                   hint: KeyHint("log", footerRank: .extra), presses: [.on(.character("l"), .toggleLossScale)]),
        KeyBinding(.global, KeyNames("+", "-"), help: "more / less smoothing", hint: KeyHint("smooth", footerRank: .extra),
                   presses: [.on(.character("+"), .smoothMore), .on(.character("="), .smoothMore),
                             .on(.character("-"), .smoothLess), .on(.character("_"), .smoothLess)]),
        KeyBinding(.global, KeyNames("t"), help: "next theme",
                   hint: KeyHint("theme", footerRank: .extra), presses: [.on(.character("t"), .nextTheme)]),
        KeyBinding(.global, KeyNames("?"), help: "this help",
                   hint: KeyHint("help", footerRank: .essential), presses: [.on(.character("?"), .openHelp)]),
        // The help box scrolls when its entries do not all fit (60×20); its footer hints these.
        KeyBinding(.overlay(.help), KeyNames("↑", "↓", ascii: ["Up", "Down"]), help: nil, hint: KeyHint("scroll"),
                   presses: [.on(.up, .scrollHelp(.lineUp)), .on(.down, .scrollHelp(.lineDown))]),
        KeyBinding(.overlay(.help), KeyNames("PgUp", "PgDn"), help: nil, hint: KeyHint("page"),
                   presses: [.on(.pageUp, .scrollHelp(.pageUp)), .on(.pageDown, .scrollHelp(.pageDown))]),
        KeyBinding(.overlay(.help), KeyNames("any other key"), help: nil, hint: KeyHint("close", keys: "Esc/other keys"),
                   presses: [.anyKey(.back)]),
        KeyBinding(.global, KeyNames("Esc"), help: "close the overlay", hint: nil, presses: [.on(.escape, .back)]),
        KeyBinding(.global, KeyNames("q", "Ctrl-C"), help: "quit; runs are saved and resumable",
                   hint: KeyHint("quit", footerRank: .essential, keys: "q"),
                   presses: [.on(.character("q"), .quit), .reserved(.ctrlC, .quit)]),
    ])

    /// What `key` does with `scopes` active (the first answers first): a reserved press of an
    /// active binding, else the first press that matches in the first scope that has one.
    func action(for key: Key, in scopes: [KeyScope]) -> KeyAction? {
        let active = bindings.filter { scopes.contains($0.scope) }
        if let reserved = active.flatMap(\.presses).first(where: { $0.isReserved && $0.matches(key) }) {
            return reserved.action
        }
        for scope in scopes {
            for binding in bindings where binding.scope == scope {
                if let press = binding.presses.first(where: { $0.matches(key) }) { return press.action }
            }
        }
        return nil
    }

    /// The binding in `scope` one of whose presses does `action`.
    func binding(for action: KeyAction, in scope: KeyScope) -> KeyBinding? {
        bindings.first { $0.scope == scope && $0.presses.contains { $0.action == action } }
    }
}
