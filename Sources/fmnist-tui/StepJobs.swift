// bench --jobs: a training step's pool jobs (JobTimeline) beside the GEMM floor of each (GemmTrace.jobFloors), so the
// table shows which jobs spend time beyond their products, and how much.
import Foundation
import NeuralNet

struct StepJobs {
    let timeline: JobTimeline
    /// The step's jobs, each the median over the recorded steps; nil when the steps did not run the same jobs.
    let summary: [JobTimeline.Summary]?
    /// The GEMM floor of each job of `summary`, in microseconds (0 for a job that makes no GEMM call); nil when the
    /// recorded step's pool jobs were not the summary's.
    let floors: [Double]?

    /// `floors` are those of a step recorded alike (GemmTrace.jobFloors): its pool jobs are the summary's, in order.
    init(timeline: JobTimeline, floors: [GemmTrace.JobFloor]) {
        self.timeline = timeline
        summary = timeline.summary
        let poolJobs = floors.filter { $0.site != nil }
        self.floors = poolJobs.map(\.site) == summary?.map(\.site) ? poolJobs.map { $0.seconds * 1e6 } : nil
    }

    /// The jobs, one line each, and where the rest of the step went.
    func print(steps: Int) {
        guard let summary else {
            Swift.print("The recorded steps did not run the same jobs; no job table.")
            return
        }
        Swift.print(String(format: "Jobs of one training step (medians of %d steps, µs; GEMM floor: the job's "
                           + "products alone):", steps))
        let siteWidth = max(4, summary.map(\.site.count).max() ?? 0)
        Swift.print("site".padding(toLength: siteWidth, withPad: " ", startingAt: 0)
                    + "  threads    caller    others  GEMM floor  waiting  started  alone before")
        for (index, job) in summary.enumerated() {
            let floor = floors.map { String(format: "%10.1f", $0[index]) } ?? "         ?"
            Swift.print(job.site.padding(toLength: siteWidth, withPad: " ", startingAt: 0)
                        + String(format: "  %7d  %8.1f  %8.1f  %@  %7.1f  %7.1f  %12.1f", job.parts, job.caller,
                                 job.slowestWorker, floor, job.callerWaits, job.lastWorkerStarts, job.gapBefore))
        }
        let split = summary.filter { $0.parts > 1 }, single = summary.filter { $0.parts == 1 }
        let alone = summary.reduce(0) { $0 + $1.gapBefore } + timeline.tail
        let splitShare = split.isEmpty ? "" : String(
            format: "jobs on %d threads %.1f (the caller waiting in them %.1f) + ", split[0].parts,
            split.reduce(0) { $0 + $1.caller + $1.callerWaits }, split.reduce(0) { $0 + $1.callerWaits })
        Swift.print(String(format: "step %.1f µs ≈ %@jobs on one thread %.1f + the caller alone between jobs %.1f",
                           timeline.stepTime, splitShare, single.reduce(0) { $0 + $1.caller }, alone)
                    + (floors.map { String(format: "; the jobs' GEMM floors add up to %.1f", $0.reduce(0, +)) }
                       ?? "; the GEMM floors' step ran other jobs"))
    }

    /// The step's jobs (JobTimeline.Summary and the floors, microseconds) and its totals; null without a summary.
    var field: Any {
        guard let summary else { return NSNull() }
        return ["step_us": timeline.stepTime, "tail_us": timeline.tail,
                "list": summary.enumerated().map { index, job in
                    ["site": job.site, "threads": job.parts, "caller_us": job.caller, "others_us": job.slowestWorker,
                     "gemm_floor_us": floors.map { $0[index] as Any } ?? NSNull(), "waiting_us": job.callerWaits,
                     "started_us": job.lastWorkerStarts, "alone_before_us": job.gapBefore] as [String: Any]
                }] as [String: Any]
    }
}
