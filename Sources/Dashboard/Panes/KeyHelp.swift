// KeyHelp: every key the dashboard answers to, for the help overlay and the footer.
import TerminalUI

enum KeyHelp {
    static func entries(unicode: Bool) -> [HelpEntry] {
        [
            HelpEntry("Tab 1 2", "switch model (Shift-Tab back)"),
            HelpEntry("Space", "pause / resume the selected model"),
            HelpEntry("p", "pause / resume both models"),
            HelpEntry("m", "browse misclassified test images"),
            HelpEntry(unicode ? "← →" : "Left Right", "previous / next misclassified image"),
            HelpEntry("c", "misclassified of one true class"),
            HelpEntry("r", "compare with earlier runs' loss"),
            HelpEntry("l", "log / linear loss axis"),
            HelpEntry("+ -", "more / less smoothing"),
            HelpEntry("t", "next theme"),
            HelpEntry("?", "this help"),
            HelpEntry("Esc", "close the overlay"),
            HelpEntry("q Ctrl-C", "quit; runs are saved and resumable"),
        ]
    }

    /// The footer's reminder, shortest forms last.
    static let footerHints = [
        "Tab/1/2 model  Space pause  p pause both  m misclassified  r runs  t theme  l log  +/- smooth  ? help  q quit",
        "Tab model  Space pause  p both  m misclassified  r runs  t theme  l log  +/- smooth  ? help  q quit",
        "Tab model  Space pause  m misclassified  r runs  ? help  q quit",
        "? help  q quit",
    ]
}
