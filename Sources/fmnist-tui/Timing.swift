// Timing: the wall and CPU seconds of a piece of work, for the bench commands.
import Foundation

/// Wall and CPU seconds of one piece of work.
struct Timing {
    let wall: Double
    let cpu: Double

    /// - cpuClock: the process's CPU time by default; CLOCK_THREAD_CPUTIME_ID for work done on the calling thread alone.
    static func of(cpuClock: clockid_t = CLOCK_PROCESS_CPUTIME_ID, _ work: () throws -> Void) rethrows -> Timing {
        let wallStart = now(CLOCK_MONOTONIC), cpuStart = now(cpuClock)
        try work()
        return Timing(wall: now(CLOCK_MONOTONIC) - wallStart, cpu: now(cpuClock) - cpuStart)
    }

    /// Seconds on the monotonic clock, for timing many short pieces of work (one reading each end).
    static func wallClock() -> Double { now(CLOCK_MONOTONIC) }

    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
