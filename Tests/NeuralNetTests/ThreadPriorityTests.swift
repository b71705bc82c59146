// ThreadPriorityTests: a pool's workers take up the nice value asked of them at their next job, and the calling
// thread keeps its own (nice is per thread on Linux).
import Foundation
import NeuralNet
import Synchronization
import Testing

@Suite struct ThreadPriorityTests {
    @Test func poolWorkersTakeUpTheirNiceAtTheNextJob() {
        let pool = ComputePool(width: 2)
        let callerNice = ThreadPriority.currentNice()
        let seen = Mutex<[Int: Int32]>([:])
        func niceOfEachPart() -> [Int: Int32] {
            pool.run { part, _ in seen.withLock { $0[part] = ThreadPriority.currentNice() } }
            return seen.withLock { $0 }
        }
        #expect(niceOfEachPart() == [0: callerNice, 1: callerNice], "a new worker has its creator's nice")
        pool.workerNice = 12
        // Nice is only ever raised: a test runner started under `nice -n 19` keeps 19.
        #expect(niceOfEachPart() == [0: callerNice, 1: max(12, callerNice)])
        #expect(ThreadPriority.currentNice() == callerNice)
    }
}
