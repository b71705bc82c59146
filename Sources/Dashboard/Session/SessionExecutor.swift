// SessionExecutor and SessionTicker: the session's own thread for its loop and its own clock thread for ticks,
// so the dashboard never waits for Swift's shared thread pool.
import Foundation

/// Runs the session's loop on a thread of its own. Swift's shared pool has as many threads as cores,
/// and anything that blocks them (a test suite's synchronous tests, a library call) would otherwise
/// hold back every key and frame. Jobs run one at a time, in the order they arrive.
final class SessionExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs = [UnownedJob]()
    private var isShutDown = false

    init() {
        let thread = Thread { [self] in serve() }
        thread.name = "dashboard-session"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Ends the thread once the jobs already enqueued have run.
    func shutDown() {
        condition.withLock {
            isShutDown = true
            condition.signal()
        }
    }

    private func serve() {
        while true {
            let job: UnownedJob? = condition.withLock {
                while jobs.isEmpty && !isShutDown { condition.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let job else { return }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Sends `.tick` every `interval`, and once more at each requested wake-up, from a thread of its own
/// (a `Task.sleep` would wake on the shared pool).
final class SessionTicker: @unchecked Sendable {
    private let condition = NSCondition()
    private var wakeUps = [Date]()
    private var isStopped = false

    init(interval: TimeInterval, tick: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in serve(interval: interval, tick: tick) }
        thread.name = "dashboard-ticker"
        thread.start()
    }

    /// One more tick after `delay` (a frame that is due then).
    func wake(after delay: TimeInterval) {
        condition.withLock {
            wakeUps.append(Date(timeIntervalSinceNow: delay))
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            isStopped = true
            condition.signal()
        }
    }

    private func serve(interval: TimeInterval, tick: @Sendable () -> Void) {
        var nextPeriodic = Date(timeIntervalSinceNow: interval)
        while true {
            let due: Bool = condition.withLock {
                while !isStopped {
                    let deadline = min(wakeUps.min() ?? .distantFuture, nextPeriodic)
                    if deadline <= Date() { return true }
                    _ = condition.wait(until: deadline)
                }
                return false
            }
            guard due else { return }
            let now = Date()
            condition.withLock { wakeUps.removeAll { $0 <= now } }
            if nextPeriodic <= now { nextPeriodic = now.addingTimeInterval(interval) }
            tick()
        }
    }
}
