// ScreenLayout: where every pane goes for a screen size, screen and overlays: the header, the screen's panes, the footer, then the overlays.
import TerminalUI

/// A pane and the rect it draws in.
struct PanePlacement {
    let pane: any Pane
    let rect: Rect
}

/// The whole screen's panes and rects. Two header rows (the model tabs, the selected model's
/// detail line), the body the current screen fills, the footer row; overlays go over the body.
struct ScreenLayout {
    /// Below this the screen shows the too-small message.
    static let minimumSize = Size(width: 60, height: 20)

    /// Everything between the header and the footer: what screens fill and overlays cover.
    let body: Rect
    /// Every pane on screen with its rect, in drawing order (later ones over earlier ones).
    let placements: [PanePlacement]
    /// The pane the keys go to. The help, closed by any key, leaves the focus where it was.
    let focus: PaneID?

    init(size: Size, screen: DashboardScreen, overlays: [DashboardOverlay]) {
        let header = Rect(x: 0, y: 0, width: size.width, height: min(2, size.height))
        let footer = Rect(x: 0, y: size.height - 1, width: size.width, height: size.height >= 3 ? 1 : 0)
        let body = Rect(x: 0, y: 2, width: size.width, height: size.height - 3)
        var placements = [PanePlacement(pane: HeaderPane(), rect: header)]
        var focus: PaneID?
        switch screen {
        case .main:
            placements += MainScreenLayout(body: body).placements
        case .misclassified:
            placements.append(PanePlacement(pane: MisclassifiedPane(), rect: body))
            focus = .misclassified
        case .runs:
            placements += ExperimentsLayout.runs(body: body)
            focus = .runsTable
        case .run:
            placements += ExperimentsLayout.runDetail(body: body)
        case .compare:
            placements += ExperimentsLayout.compare(body: body)
        case .projector, .layerHealth, .filters:
            // Insight (#14): one pane fills the body.
            let pane: any Pane = switch screen {
            case .projector: ProjectionPane()
            case .layerHealth: LayerHealthPane()
            default: FiltersPane()
            }
            placements.append(PanePlacement(pane: pane, rect: body))
            focus = pane.id
        }
        placements.append(PanePlacement(pane: FooterPane(), rect: footer))
        for overlay in overlays {
            switch overlay {
            case .runFilter:
                break   // the runs table draws its filter line itself
            case .help:
                placements.append(PanePlacement(pane: HelpPane(), rect: body))
            case .confusionCursor:
                focus = .confusion   // the matrix draws its own cursor
            case .newRunForm:
                placements.append(PanePlacement(pane: NewRunFormPane(), rect: body))
                focus = .newRunForm
            }
        }
        self.body = body
        self.placements = placements
        self.focus = focus
    }

    /// The rect of `pane`; empty when it is not on screen.
    subscript(pane: PaneID) -> Rect {
        placements.first { $0.pane.id == pane }?.rect ?? .zero
    }

    static func fits(_ size: Size) -> Bool { size.contains(minimumSize) }
}
