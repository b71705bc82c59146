// FramePacer: when the session draws: at once after a key, at most every 100 ms for training progress, never twice
// within 50 ms but for the saliency maps a key asked for.

/// Decides, after each input, whether to draw a frame now, to ask for a wake-up when the next
/// frame is due, or to wait. Keys get a frame at once (unless the last one is under 50 ms old);
/// training progress, which arrives about 20 times a second, at most 10 frames a second, since
/// every frame takes a core from the trainers for a moment. Saliency maps are drawn as soon as they
/// come, even right after the key's own frame ("computing…"): they are what the key asked for, and a
/// request brings a handful of them at most (the maps, the sanity check, IG's refinements).
struct FramePacer {
    static let keyInterval = Duration.milliseconds(50)
    static let progressInterval = Duration.milliseconds(100)

    enum Decision: Equatable {
        case draw
        /// Nothing yet; a wake-up (a tick) after this long finds the frame due.
        case wake(after: Duration)
        case wait
    }

    private var lastFrame: ContinuousClock.Instant?
    private var interval = keyInterval
    private var isFrameNeeded = true
    private var wakeUp: ContinuousClock.Instant?

    /// Notes what an input asks for: ticks nothing, training a progress frame, anything else a prompt frame.
    mutating func note(_ input: DashboardInput) {
        switch input {
        case .tick:
            break
        case .training:
            isFrameNeeded = true
        case .saliencyComputed:
            isFrameNeeded = true
            interval = .zero
        default:
            isFrameNeeded = true
            interval = Self.keyInterval
        }
    }

    /// An effect asked for a frame (e.g. a notice expired).
    mutating func requestFrame() {
        isFrameNeeded = true
    }

    mutating func decide(now: ContinuousClock.Instant) -> Decision {
        if let wakeUp, wakeUp <= now { self.wakeUp = nil }
        guard isFrameNeeded else { return .wait }
        guard let lastFrame else { return .draw }
        let remaining = interval - (now - lastFrame)
        guard remaining > .zero else { return .draw }
        if let wakeUp, wakeUp <= now + remaining { return .wait }
        wakeUp = now + remaining
        return .wake(after: remaining)
    }

    mutating func drew(at now: ContinuousClock.Instant) {
        lastFrame = now
        isFrameNeeded = false
        interval = Self.progressInterval
        wakeUp = nil
    }
}
