// ComputePoolTests: every part of every job runs once, and before `run` returns, also when more pools than cores
// make the threads of each pool spin, sleep and get preempted in every order; jobs flush subnormals to zero.
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

    /// Every part of a job, the caller's included, computes with subnormals flushed to zero: half the smallest normal
    /// float comes out as 0, and a subnormal operand reads as 0. Outside jobs the caller's arithmetic is IEEE's again.
    @Test func jobsFlushSubnormalsToZeroAndRestoreTheCallersMode() {
        let pool = ComputePool(width: 2)
        let one = Self.opaque(1), smallestNormal = Self.opaque(.leastNormalMagnitude)
        let subnormal = smallestNormal * 0.5
        #expect(subnormal.isSubnormal)
        let results = UnsafeMutablePointer<Float>.allocate(capacity: 4)
        defer { results.deallocate() }
        for alone in [false, true] {
            results.initialize(repeating: .nan, count: 4)
            pool.run(work: alone ? 0 : ComputePool.minimumParallelWork) { part, _ in
                results[2 * part] = smallestNormal * 0.5
                results[2 * part + 1] = subnormal * one
            }
            let parts = alone ? 1 : 2
            #expect(Array(UnsafeBufferPointer(start: results, count: 2 * parts)) == Array(repeating: 0, count: 2 * parts),
                    "results of subnormal size, per part (on the caller alone: \(alone))")
            #expect((Self.opaque(smallestNormal) * 0.5).isSubnormal && (Self.opaque(subnormal) * one).isSubnormal,
                    "the caller's mode after the job")
        }
    }

    /// `value`, unknown to the optimiser, which would otherwise compute the products above at compile time.
    @inline(never) @_optimize(none)
    private static func opaque(_ value: Float) -> Float { value }
}
