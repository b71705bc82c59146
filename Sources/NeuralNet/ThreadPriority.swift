// ThreadPriority: one thread's scheduling priority (its nice value), for background work that must not take
// the cores from a program's interactive threads (the dashboard's trainers beside its UI and saliency worker).
import Foundation

public enum ThreadPriority {
    private static let which = __priority_which_t(PRIO_PROCESS.rawValue)

    /// Raises the calling thread's nice value to `nice` (0 … 19: the higher, the sooner it yields a core to
    /// threads of lower nice). On Linux the nice value belongs to the thread (setpriority(PRIO_PROCESS, 0) is the
    /// calling thread), so the process's other threads keep theirs; raising it needs no privilege. Never lowers
    /// it, which would. Returns false when the system refused.
    @discardableResult
    public static func lowerCurrentThread(toNice nice: Int32) -> Bool {
        guard nice > currentNice() else { return true }
        return setpriority(which, 0, nice) == 0
    }

    /// The calling thread's nice value.
    public static func currentNice() -> Int32 {
        getpriority(which, 0)
    }
}
