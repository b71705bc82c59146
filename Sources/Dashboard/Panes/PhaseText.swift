// PhaseText: how a model's state is named, marked and coloured in the tabs and the header.
import TerminalUI

enum PhaseText {
    /// "training", "pausing", "paused", "resuming", "stopping", "stopped", "done", "failed", "diverged", "starting".
    static func word(_ model: ModelRunState, quitting: Bool = false) -> String {
        if quitting && !model.threadExited && !model.phase.isFinal { return "stopping" }
        switch model.phase {
        case .starting: return "starting"
        case .training: return model.pauseRequested ? "pausing" : "training"
        case .paused: return model.pauseRequested ? "paused" : "resuming"
        case .stopped: return "stopped"
        case .finished: return "done"
        case .failed: return "failed"
        case .diverged: return "diverged"
        }
    }

    static func glyph(_ model: ModelRunState, glyphs: Glyphs) -> Character {
        switch model.phase {
        case .starting, .training: return model.pauseRequested ? glyphs.paused : glyphs.running
        case .paused, .stopped: return glyphs.paused
        case .finished: return glyphs.check
        case .failed, .diverged: return glyphs.cross
        }
    }

    static func style(_ model: ModelRunState, theme: Theme) -> Style {
        switch model.phase {
        case .starting, .training: return model.pauseRequested ? theme.paused : theme.running
        case .paused: return theme.paused
        case .stopped: return theme.muted
        case .finished: return theme.right
        case .failed, .diverged: return theme.wrong
        }
    }
}
