// How long a value takes to go from one of the pool's threads to another and back, measured on the spot.
//
// Every job of the pool and every value one core writes and the other reads pays this latency. On the 2-core
// virtual machines of issue #17 it switches between about 100–150 ns (the two cores close, sharing a cache)
// and about 350–400 ns (far apart) while a benchmark runs, and two-thread epochs move with it (CNN, batch 20:
// 2.2 s against 2.7 s with the same build). `bench` reports it beside its timings so that figures from the
// two states are not compared as if they were one.
import Foundation
import Synchronization

public enum CoreRoundTrip {
    /// The median over `trials` of the mean round trip, in nanoseconds, between parts 0 and 1 of one job, which
    /// pass a counter back and forth `exchanges` times; nil when the pool runs on one thread. A trial stops
    /// early after `trialLimit` seconds, so that a loaded machine, where a spinning thread may wait for a time
    /// slice, gives a slow figure rather than a long wait.
    public static func measure(on pool: ComputePool, exchanges: Int = 20_000, trials: Int = 5,
                               trialLimit: Double = 0.05) -> Double? {
        guard pool.width >= 2 else { return nil }
        var roundTrips = [Double]()
        for _ in 0..<trials {
            guard let nanoseconds = trial(on: pool, exchanges: exchanges, limit: trialLimit) else { return nil }
            roundTrips.append(nanoseconds)
        }
        return roundTrips.upperMedian
    }

    private final class Ball: @unchecked Sendable {
        /// Part 1 sets it to 1 when it is there; then odd values are part 1's returns, even ones part 0's serves;
        /// `stop` ends the rally.
        let position = Atomic<Int>(0)
        static let stop = -1
    }

    /// One rally: the mean round trip in nanoseconds, or nil when the job ran on one thread after all.
    private static func trial(on pool: ComputePool, exchanges: Int, limit: Double) -> Double? {
        let ball = Ball()
        var result: Double?
        pool.run { part, parts in
            guard parts >= 2 else { return }
            if part == 1 {
                ball.position.store(1, ordering: .releasing)
                var expected = 2
                while true {
                    let position = ball.position.load(ordering: .acquiring)
                    if position == Ball.stop { return }
                    if position == expected {
                        ball.position.store(expected + 1, ordering: .releasing)
                        expected += 2
                    }
                }
            }
            guard part == 0 else { return }
            while ball.position.load(ordering: .acquiring) != 1 {}
            let started = DispatchTime.now().uptimeNanoseconds, deadline = started + UInt64(limit * 1e9)
            var done = 0
            while done < exchanges {
                let serve = 2 * done + 2
                ball.position.store(serve, ordering: .releasing)
                while ball.position.load(ordering: .acquiring) != serve + 1 {}
                done += 1
                if done % 256 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { break }
            }
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            ball.position.store(Ball.stop, ordering: .releasing)
            result = Double(elapsed) / Double(done)
        }
        return result
    }
}
