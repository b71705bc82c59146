// Pause, resume and stop requests for a trainer thread, checked between batches.
import Foundation

public final class TrainerControl: @unchecked Sendable {
    public enum Request: Sendable { case run, pause, stop }

    private let condition = NSCondition()
    private var request = Request.run

    public init() {}

    public var current: Request {
        condition.lock(); defer { condition.unlock() }
        return request
    }

    public func pause() { set(.pause) }
    public func resume() { set(.run) }
    /// Stop is final: later pause or resume requests are ignored.
    public func stop() { set(.stop) }

    public func togglePause() {
        condition.lock(); defer { condition.unlock() }
        if request == .run { request = .pause } else if request == .pause { request = .run }
        condition.broadcast()
    }

    private func set(_ newRequest: Request) {
        condition.lock(); defer { condition.unlock() }
        if request != .stop { request = newRequest }
        condition.broadcast()
    }

    /// Called by the trainer between batches: returns at once while running, blocks while paused
    /// (calling `onPause` once first), and returns false when the trainer should stop.
    func proceed(onPause: () -> Void, onResume: () -> Void) -> Bool {
        condition.lock(); defer { condition.unlock() }
        guard request == .pause else { return request == .run }
        onPause()
        while request == .pause { condition.wait() }
        if request == .run { onResume() }
        return request == .run
    }
}
