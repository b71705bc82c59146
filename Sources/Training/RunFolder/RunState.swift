// The state file of a run folder: what its trainer last said it was doing.

public enum RunState: String, Sendable, Codable {
    case running, paused, stopped, finished, failed
}
