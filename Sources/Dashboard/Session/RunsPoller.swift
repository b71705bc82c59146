// RunsPoller: the runs folder watched on a thread of its own: a RunsWatcher poll every second, whose
// changes go to the session as inputs. It only reads; a poll that found nothing sends nothing.
import Foundation
import Synchronization
import Training

final class RunsPoller: Sendable {
    /// Runs of any process show within two seconds: a poll each second.
    static let defaultInterval = 1.0

    private let runsDirectory: URL
    /// Seconds between polls.
    private let interval: Double
    private let wake = NSCondition()
    private let isStopped = Mutex(false)

    init(runsDirectory: URL, interval: Double = RunsPoller.defaultInterval) {
        self.runsDirectory = runsDirectory
        self.interval = interval
    }

    /// Polls until `stop()`; the first poll is always sent, so the view can tell "no runs" from "not read yet".
    func start(emit: @escaping @Sendable (RunsUpdate) -> Void) {
        let thread = Thread { [self] in
            Thread.current.name = "runs-watcher"
            var watcher = RunsWatcher(runsDirectory: runsDirectory)
            var isFirst = true
            while !isStopped.withLock({ $0 }) {
                let update = watcher.poll()
                if isFirst || !update.isEmpty { emit(update) }
                isFirst = false
                wake.lock()
                if !isStopped.withLock({ $0 }) { _ = wake.wait(until: Date().addingTimeInterval(interval)) }
                wake.unlock()
            }
        }
        thread.start()
    }

    func stop() {
        isStopped.withLock { $0 = true }
        wake.lock()
        wake.signal()
        wake.unlock()
    }
}
