// A fixed team of threads that runs one data-parallel job at a time, for our own split of each
// batch over the cores (OpenBLAS itself runs single-threaded: two of its threads on these small
// shapes are slower than one).
//
// Jobs compute with subnormal numbers flushed to zero (the workers always, the caller for the job's length), as
// TensorFlow's thread pools do. Adam's first moments of weights whose gradients stay zero decay by 0.9 a step into
// subnormals, where rounding keeps them (0.9 × the smallest subnormal rounds back to it): by the second epoch of
// the FCNN at batch 20, 20–30 % of fc1's were subnormal, and arithmetic on them made the update take 1.5× as long.
// Flushed, they become zero, which changes no result that a normal number takes part in.
import CAVX512
import Foundation
import Synchronization

public final class ComputePool: @unchecked Sendable {
    /// Threads that may take part, the caller included.
    public let maximumWidth: Int
    /// Threads taking part in the next jobs: 1 … maximumWidth. Safe to change from any thread;
    /// it takes effect at the next job.
    public var width: Int {
        get { team.widthSetting.load(ordering: .relaxed) }
        set { team.widthSetting.store(min(max(1, newValue), maximumWidth), ordering: .relaxed) }
    }

    /// The nice value of the worker threads (ThreadPriority): 0 as created; the dashboard raises its trainers'
    /// so that its UI and saliency worker get a core first. Each worker takes it up at its next job.
    public var workerNice: Int32 {
        get { team.workerNice.load(ordering: .relaxed) }
        set { team.workerNice.store(newValue, ordering: .relaxed) }
    }

    private let team: Team
    /// Whether GemmTrace records the GEMM calls of this pool's jobs.
    var isTraced: Bool {
        get { tracing.load(ordering: .relaxed) }
        set { tracing.store(newValue, ordering: .relaxed) }
    }
    private let tracing = Atomic<Bool>(false)

    public init(width: Int) {
        // Every kernel runs inside a pool's parts, so OpenBLAS must not start threads of its own.
        Gemm.useSingleThreadedBLAS()
        maximumWidth = max(1, width)
        team = Team(width: maximumWidth)
        for worker in 1..<maximumWidth {
            let thread = Thread { [team] in team.workLoop(worker: worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { team.shutDown() }

    /// While set, every job appends its record here (JobTimeline.record). Set and read by the thread that runs
    /// the pool's jobs; the workers learn of it through the team.
    var timeline: JobTimeline.Recorder? {
        didSet { team.timesParts.store(timeline != nil, ordering: .sequentiallyConsistent) }
    }

    /// Runs `body(part, parts)` for every part in 0..<parts, where parts = the current width;
    /// the caller runs part 0. Returns when all parts are done. `file` and `line` name the job in a JobTimeline.
    public func run(_ body: (_ part: Int, _ parts: Int) -> Void, file: StaticString = #fileID, line: UInt = #line) {
        job(body, file: file, line: line, onCallerAlone: false)
    }

    /// Below this many elementary operations a job runs on the calling thread alone: handing it to
    /// another thread costs more than it saves (a fifth of the jobs of a batch-20 step are this small).
    public static let minimumParallelWork = 1 << 16

    /// `run`, but on the calling thread alone when `work` (elementary operations) is small.
    public func run(work: Int, _ body: (_ part: Int, _ parts: Int) -> Void, file: StaticString = #fileID,
                    line: UInt = #line) {
        guard work >= Self.minimumParallelWork else { return job(body, file: file, line: line, onCallerAlone: true) }
        run(body, file: file, line: line)
    }

    /// One job, on the pool's parts or on the calling thread alone: between GemmTrace's job boundaries, and recorded
    /// in the timeline when one is set.
    private func job(_ body: (_ part: Int, _ parts: Int) -> Void, file: StaticString, line: UInt, onCallerAlone: Bool) {
        GemmTrace.noteJobBoundary(startingJobAt: JobTimeline.site(file: file, line: line))
        let callerMode = subnormals_flush_begin()
        defer {
            subnormals_flush_end(callerMode)
            GemmTrace.noteJobBoundary()
        }
        guard let timeline else { return onCallerAlone ? body(0, 1) : runParts(body) }
        let announced = JobTimeline.now()
        var callerDone = announced, partsRun = 1
        func timed(_ part: Int, _ parts: Int) {
            body(part, parts)
            if part == 0 { (callerDone, partsRun) = (JobTimeline.now(), parts) }
        }
        if onCallerAlone { timed(0, 1) } else { runParts(timed) }
        let returned = JobTimeline.now()
        timeline.jobs.append(JobTimeline.Job(
            site: JobTimeline.site(file: file, line: line), announced: announced, callerDone: callerDone,
            returned: returned, workers: (1..<partsRun).map { (team.partTimes[2 * $0], team.partTimes[2 * $0 + 1]) }))
    }

    private func runParts(_ body: (_ part: Int, _ parts: Int) -> Void) {
        let parts = width
        if parts == 1 { body(0, 1); return }
        guard isTraced else { return withoutActuallyEscaping(body) { team.run($0, parts: parts) } }
        // The workers' calls count only while they run this pool's job.
        withoutActuallyEscaping(body) { body in
            team.run({ part, parts in
                if part > 0 { GemmTrace.markThread(recording: true) }
                body(part, parts)
                if part > 0 { GemmTrace.markThread(recording: false) }
            }, parts: parts)
        }
    }

    /// Splits 0..<count into `parts` contiguous ranges, each a multiple of `granule` but the last.
    public static func range(part: Int, of parts: Int, count: Int, granule: Int = 1) -> Range<Int> {
        let units = (count + granule - 1) / granule
        let lower = min(count, units * part / parts * granule)
        let upper = min(count, units * (part + 1) / parts * granule)
        return lower..<upper
    }
}

/// The state the worker threads share with the pool; it outlives the pool until they exit.
private final class Team: @unchecked Sendable {
    let widthSetting: Atomic<Int>
    let workerNice = Atomic<Int32>(0)
    /// While set, each worker writes when it started and finished its part of a job into `partTimes` (at 2 × worker
    /// and 2 × worker + 1), before it reports the part done: the caller reads them after the join.
    let timesParts = Atomic<Bool>(false)
    let partTimes: UnsafeMutablePointer<UInt64>
    /// generation × 256 + width of the latest job, published in one store so a worker never
    /// pairs one job's number with another's width.
    private let announcement = Atomic<Int>(0)
    /// 2 × the parts still running, + 1 while the caller sleeps waiting for them. One word, so that the worker
    /// finishing last learns in the same atomic step whether to wake the caller. (With a separate sleep flag, a
    /// worker preempted between the two steps once woke the caller of the *next* job before that job's parts
    /// had run: the caller returned early and the worker still held its closure.)
    private let pending = Atomic<Int>(0)
    private let shuttingDown = Atomic<Bool>(false)
    private let sleepers: [Sleeper]
    private var job: ((Int, Int) -> Void)?
    /// The caller waits here once it stops spinning; the worker finishing last signals it.
    private let doneSignal = DispatchSemaphore(value: 0)
    /// About 10–30 µs of polling an atomic before a thread sleeps.
    static let spinLimit = 200_000

    /// A worker that found no job for a while sleeps on its semaphore instead of spinning,
    /// so a paused trainer costs no CPU.
    final class Sleeper: @unchecked Sendable {
        let asleep = Atomic<Bool>(false)
        let semaphore = DispatchSemaphore(value: 0)
    }

    init(width: Int) {
        widthSetting = Atomic(width)
        sleepers = (1..<width).map { _ in Sleeper() }
        partTimes = .allocate(capacity: 2 * width)
        partTimes.initialize(repeating: 0, count: 2 * width)
    }

    deinit { partTimes.deallocate() }

    func run(_ body: @escaping (Int, Int) -> Void, parts: Int) {
        job = body
        pending.store((parts - 1) * 2, ordering: .sequentiallyConsistent)
        let previous = announcement.load(ordering: .relaxed)
        announcement.store((previous >> 8 + 1) << 8 | parts, ordering: .sequentiallyConsistent)
        for sleeper in sleepers.prefix(parts - 1) { wake(sleeper) }
        body(0, parts)
        // Parts usually finish within microseconds of each other: spin briefly, then sleep until the
        // last worker signals. Spinning longer would stall a worker that shares our core on a busy
        // machine.
        var spins = 0
        while true {
            let running = pending.load(ordering: .acquiring)
            if running == 0 { break }
            spins += 1
            // Mark sleep only while parts still run: then exactly one worker will see the mark and signal.
            if spins > Self.spinLimit,
               pending.compareExchange(expected: running, desired: running | 1, ordering: .sequentiallyConsistent).exchanged {
                doneSignal.wait()
                break
            }
        }
        job = nil
    }

    func shutDown() {
        shuttingDown.store(true, ordering: .sequentiallyConsistent)
        announcement.add(256, ordering: .sequentiallyConsistent)
        for sleeper in sleepers { wake(sleeper) }
    }

    private func wake(_ sleeper: Sleeper) {
        if sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) { sleeper.semaphore.signal() }
    }

    /// Kept out of line so the worker's reference to the job is gone before it reports done
    /// (the caller's `withoutActuallyEscaping` checks that nobody kept the closure).
    @inline(never)
    private func runJob(part: Int, of parts: Int) {
        job?(part, parts)
    }

    func workLoop(worker: Int) {
        _ = subnormals_flush_begin()
        let sleeper = sleepers[worker - 1]
        var seen = 0
        var nice: Int32 = 0
        while true {
            var spins = 0
            while announcement.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < Self.spinLimit { continue }
                // Announce sleep, then look once more: a job may have arrived in between.
                sleeper.asleep.store(true, ordering: .sequentiallyConsistent)
                if announcement.load(ordering: .sequentiallyConsistent) != seen,
                   sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
                    break
                }
                sleeper.semaphore.wait()
                spins = 0
            }
            seen = announcement.load(ordering: .acquiring)
            if shuttingDown.load(ordering: .acquiring) { return }
            let parts = seen & 255
            if worker < parts {
                if nice != workerNice.load(ordering: .relaxed) {
                    nice = workerNice.load(ordering: .relaxed)
                    ThreadPriority.lowerCurrentThread(toNice: nice)
                }
                let timed = timesParts.load(ordering: .relaxed)
                if timed { partTimes[2 * worker] = JobTimeline.now() }
                runJob(part: worker, of: parts)
                if timed { partTimes[2 * worker + 1] = JobTimeline.now() }
                if pending.subtract(2, ordering: .sequentiallyConsistent).newValue == 1 { doneSignal.signal() }
            }
        }
    }
}
