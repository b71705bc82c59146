// Where a training step's time goes between the GEMM calls: the pool's jobs in order, with where each was started,
// how long its parts ran, how long the caller then waited for the others, and the time the caller spent alone
// between jobs. `bench --jobs` prints it for the step it times; the GEMM floor says what the products cost, this
// says what the joins and the serial code around them cost (issue #17).
import Foundation

public struct JobTimeline: Sendable {
    /// One job of the pool, or one that ran on the caller alone (`ComputePool.run(work:)` below its threshold).
    public struct Job: Sendable {
        /// The `file:line` of the `run` call.
        public let site: String
        /// Nanoseconds (the monotonic clock): when the job began, when the caller's part 0 ended, when the job
        /// returned (all parts done).
        let announced, callerDone, returned: UInt64
        /// Each worker's start and end, parts 1 … in order; empty for a job on one thread.
        let workers: [(start: UInt64, end: UInt64)]

        public var parts: Int { workers.count + 1 }
    }

    /// One recorded run of the step: its jobs in order, and when it began and ended.
    struct Step: Sendable {
        let jobs: [Job]
        let started, ended: UInt64
    }

    let steps: [Step]

    /// Collects the jobs while a pool records (ComputePool.timeline).
    final class Recorder: @unchecked Sendable {
        var jobs = [Job]()
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A job's site as `Job.site` gives it: the `file:line` of its `run` call.
    static func site(file: StaticString, line: UInt) -> String { "\(file):\(line)" }

    /// Runs `step` `repeats` times on `pool`'s calling thread, recording the jobs of each run.
    public static func record(on pool: ComputePool, repeats: Int, _ step: () -> Void) -> JobTimeline {
        var steps = [Step]()
        for _ in 0..<repeats {
            let recorder = Recorder()
            pool.timeline = recorder
            let started = now()
            step()
            let ended = now()
            pool.timeline = nil
            steps.append(Step(jobs: recorder.jobs, started: started, ended: ended))
        }
        return JobTimeline(steps: steps)
    }

    /// One job of a step, as the median over the recorded steps of each of its times, in microseconds.
    public struct Summary: Sendable {
        public let site: String
        public let parts: Int
        /// Part 0, on the calling thread.
        public let caller: Double
        /// The longest of the other parts; 0 for a job on one thread.
        public let slowestWorker: Double
        /// From the end of part 0 to the job's return: the caller waiting for the other parts.
        public let callerWaits: Double
        /// From the job's start to the last worker's start.
        public let lastWorkerStarts: Double
        /// From the previous job's return (or the step's start) to this job's start: the caller alone.
        public let gapBefore: Double
    }

    /// Microseconds from `from` to `to`; 0 if the clocks of two cores put them the other way round.
    private static func microseconds(from: UInt64, to: UInt64) -> Double {
        to > from ? Double(to - from) / 1000 : 0
    }

    /// The median step's time from start to end, in microseconds.
    public var stepTime: Double { steps.map { Self.microseconds(from: $0.started, to: $0.ended) }.upperMedian }

    /// The median time from the step's last job to its end (the caller alone), in microseconds.
    public var tail: Double {
        steps.map { Self.microseconds(from: $0.jobs.last?.returned ?? $0.started, to: $0.ended) }.upperMedian
    }

    /// The step's jobs in order, each the median of its times over the steps; nil when the steps did not run the
    /// same jobs (sites and parts).
    public var summary: [Summary]? {
        guard let first = steps.first?.jobs,
              steps.allSatisfy({ $0.jobs.map(\.site) == first.map(\.site) && $0.jobs.map(\.parts) == first.map(\.parts) })
        else { return nil }
        return first.indices.map { index in
            let runs = steps.map { $0.jobs[index] }
            func median(_ time: (Job) -> Double) -> Double { runs.map(time).upperMedian }
            let gaps = steps.map { step in
                Self.microseconds(from: index == 0 ? step.started : step.jobs[index - 1].returned,
                                  to: step.jobs[index].announced)
            }
            return Summary(
                site: first[index].site, parts: first[index].parts,
                caller: median { Self.microseconds(from: $0.announced, to: $0.callerDone) },
                slowestWorker: median { job in job.workers.map { Self.microseconds(from: $0.start, to: $0.end) }.max() ?? 0 },
                callerWaits: median { Self.microseconds(from: $0.callerDone, to: $0.returned) },
                lastWorkerStarts: median { job in
                    job.workers.map { Self.microseconds(from: job.announced, to: $0.start) }.max() ?? 0 },
                gapBefore: gaps.upperMedian)
        }
    }
}
