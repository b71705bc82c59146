// A run's status, one typed value for every place that shows it, and the state its trainer saves.
import Foundation

/// What a run is doing or how it ended, as the CLI, `runs --json` and the dashboard show it.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, paused, stopped, finished, failed
    /// The loss or the weights became NaN or infinite; the checkpoints are those of the last finite epoch. Not resumable.
    case diverged
    /// Saved as running or paused, but no process holds the run: killed, crashed or powered off. Resumable.
    case interrupted
    /// The state file is missing or unreadable.
    case unknown

    /// What a trainer writes into the run folder's `state` file. A pair with `RunStatus` rather than one
    /// type: no process can save `interrupted` (it is what the others see once the trainer is gone) or
    /// `unknown`, so the file holds only these, and `init(saved:isLive:)` is the one rule from file to status.
    public enum Saved: String, Sendable, Codable {
        case running, paused, stopped, finished, failed, diverged
    }

    /// `interrupted` when the state says running or paused but no process holds the run's lock (it was
    /// killed, crashed or lost power); `unknown` when there is no readable state.
    public init(saved: Saved?, isLive: Bool) {
        guard let saved else { self = .unknown; return }
        if (saved == .running || saved == .paused) && !isLive {
            self = .interrupted
        } else {
            self = RunStatus(rawValue: saved.rawValue) ?? .unknown
        }
    }

    /// A trainer may still change the run: it is running or paused and holds the lock.
    public var isActive: Bool { self == .running || self == .paused }
}
