// ThreadCPUClock: the CPU time the calling thread has used, for costs measured on a shared machine, where
// wall time counts the other processes' turns too (issue #14's 3 % targets).
import Foundation

public enum ThreadCPUClock {
    /// Seconds of CPU the calling thread has used since it started (CLOCK_THREAD_CPUTIME_ID).
    public static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
