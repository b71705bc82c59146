// ComputePoolTests: every part of every job runs once, and before `run` returns, also when more pools than cores
// make the threads of each pool spin, sleep and get preempted in every order.
import Foundation
import NeuralNet
import Synchronization
import Testing

@Suite struct ComputePoolTests {
    @Test func everyPartRunsOnceBeforeRunReturnsUnderOversubscription() {
        let pools = 3 * ProcessInfo.processInfo.activeProcessorCount, jobs = 4_000
        let failures = Mutex<[Int]>(Array(repeating: 0, count: pools))
        let group = DispatchGroup()
        for index in 0..<pools {
            group.enter()
            let thread = Thread {
                let failed = Self.runJobs(jobs, seed: UInt64(index))
                failures.withLock { $0[index] = failed }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == Array(repeating: 0, count: pools),
                "jobs whose parts ran twice, never, or after run returned, per pool")
    }

    /// Runs `jobs` jobs on a pool of 2 and counts those whose parts did not each run exactly once before `run`
    /// returned. Some parts sleep long enough that the caller, or the worker, stops spinning and sleeps too;
    /// some jobs run at width 1.
    private static func runJobs(_ jobs: Int, seed: UInt64) -> Int {
        let pool = ComputePool(width: 2)
        var random = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let runs = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { runs.deallocate() }
        var failed = 0
        for _ in 0..<jobs {
            random ^= random << 13; random ^= random >> 7; random ^= random << 17
            pool.width = random % 16 == 0 ? 1 : 2
            let draw = Int((random >> 8) % 8), sleepingPart = draw < 2 ? draw : -1
            runs.initialize(repeating: 0, count: 2)
            pool.run { part, _ in
                if part == sleepingPart { usleep(200) }
                runs[part] += 1
            }
            let expected = pool.width == 1 ? [1, 0] : [1, 1]
            if [runs[0], runs[1]] != expected { failed += 1 }
        }
        return failed
    }
}
