// The GEMM floor of `bench`: records the matrix products a piece of work makes through `Gemm.multiply`
// (shapes, transposes, strides, beta, the kernel, OpenBLAS's sgemm or ours, and which pool part made
// each, job by job), then replays those calls alone on the same pool, with the same split and the same joins.
// The replay's time is what this engine design cannot go below with these GEMM kernels on this CPU; the rest of
// an epoch is the engine's other code. `jobFloors` times each pool job's calls alone (`bench --jobs`), to show
// which jobs the rest is in.
import Foundation
import Synchronization

public struct GemmTrace: Sendable {
    /// One `Gemm.multiply` call, without its data.
    struct Call: Sendable {
        let transA, transB: Transpose
        let m, n, k, lda, ldb, ldc: Int
        let beta: Float
        let kernel: GemmKernel
        let thread: pthread_t
        /// B is these patches of an image, never unfolded, read from the image or from its bordered planes
        /// (`Gemm.multiply(_:m:n:k:a:lda:patchesOf:...)`).
        let patches: PatchReading?

        /// Floats each operand spans: the last row (or column) start plus one row's length; patches, the image or its
        /// bordered planes.
        var aCount: Int { transA == .none ? (m - 1) * lda + k : (k - 1) * lda + m }
        var bCount: Int { patches?.sourceCount ?? (transB == .none ? (k - 1) * ldb + n : (n - 1) * ldb + k) }
        var cCount: Int { (m - 1) * ldc + n }
    }

    /// The calls of one pool job (run in parallel, then joined), or of the serial code between jobs.
    struct Job: Sendable {
        /// The calls of each part, part 0 being the thread that started the job.
        var parts: [[Call]]
        /// Where the pool job was started (`JobTimeline.Job.site`'s form); nil for serial code between jobs.
        let site: String?
    }

    let jobs: [Job]

    private var calls: [Call] { jobs.flatMap { $0.parts.joined() } }
    /// Multiply-adds of all recorded calls, M·N·K each.
    public var multiplyAdds: Int { calls.reduce(0) { $0 + $1.m * $1.n * $1.k } }
    /// Jobs whose calls ran on more than one thread.
    public var parallelJobCount: Int { jobs.filter { $0.parts.count > 1 }.count }

    /// Runs `work` once on the calling thread while recording its GEMM calls: those of this thread
    /// and of `pool`'s jobs, not those of other threads that happen to run meanwhile. One recording
    /// at a time (others wait).
    public static func record(on pool: ComputePool, _ work: () -> Void) -> GemmTrace {
        recordingTurn.withLock { _ in
            recorder.withLock { $0 = Recorder(caller: pthread_self()) }
            isRecording.store(true, ordering: .sequentiallyConsistent)
            pool.isTraced = true
            markThread(recording: true)
            work()
            markThread(recording: false)
            pool.isTraced = false
            isRecording.store(false, ordering: .sequentiallyConsistent)
            return GemmTrace(jobs: recorder.withLock { recorder in
                defer { recorder = nil }
                return recorder?.jobs() ?? []
            })
        }
    }

    /// Replays every recorded call on `pool`, job by job, `repeats` times (after one warm-up pass),
    /// and returns the median seconds of one pass. The operands are scratch buffers of each call's
    /// size; a product's time depends on the shapes, not on the values.
    public func replaySeconds(on pool: ComputePool, repeats: Int) -> Double {
        let scratch = scratchOperands(for: pool)
        func pass() {
            for job in jobs { replay(job, on: pool, scratch) }
        }
        pass()
        return upperMedianSeconds(of: repeats, pass)
    }

    /// One job's GEMM floor: where the job was started, and the median seconds of its calls replayed alone.
    public struct JobFloor: Sendable {
        public let site: String?
        public let seconds: Double
    }

    /// Each recorded job's calls replayed alone, timed within `repeats` replays of every job in order (after one
    /// warm-up), its upper median: what each pool job's products cost (JobTimeline shows what the whole job took).
    /// Timed pass by pass, the jobs share the host's quiet and slow moments, as they share a step's. Every pool job
    /// in order, those without calls at 0 s, and the serial code's calls between jobs, if any, with no site.
    public func jobFloors(on pool: ComputePool, repeats: Int) -> [JobFloor] {
        let scratch = scratchOperands(for: pool)
        for job in jobs { replay(job, on: pool, scratch) }
        var seconds = [[Double]](repeating: [], count: jobs.count)
        for _ in 0..<max(1, repeats) {
            for (index, job) in jobs.enumerated() where job.parts.contains(where: { !$0.isEmpty }) {
                seconds[index].append(upperMedianSeconds(of: 1) { replay(job, on: pool, scratch) })
            }
        }
        return zip(jobs, seconds).map { job, times in
            JobFloor(site: job.site, seconds: times.isEmpty ? 0 : times.upperMedian)
        }
    }

    /// Operands for each part, for every call it replays.
    private func scratchOperands(for pool: ComputePool) -> [ScratchOperands] {
        (0..<pool.maximumWidth).map { part in
            ScratchOperands(calls: jobs.flatMap { job in part < job.parts.count ? job.parts[part] : [] })
        }
    }

    /// A job's calls, on the calling thread alone or split over the pool as recorded; nothing for a job without calls.
    private func replay(_ job: Job, on pool: ComputePool, _ scratch: [ScratchOperands]) {
        if job.parts.count == 1 { return scratch[0].replay(job.parts[0]) }
        pool.run { part, _ in
            if part < job.parts.count { scratch[part].replay(job.parts[part]) }
        }
    }

    // MARK: Recording

    /// Read on every GEMM call and pool job; the recorder's lock is taken only while recording.
    private static let isRecording = Atomic<Bool>(false)
    private static let recorder = Mutex<Recorder?>(nil)
    private static let recordingTurn = Mutex<Void>(())
    /// Set on the threads whose calls are recorded: the recording caller, and a traced pool's
    /// threads while they run one of its jobs.
    private static let threadIsRecording: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static func markThread(recording: Bool) {
        pthread_setspecific(threadIsRecording, recording ? UnsafeRawPointer(bitPattern: 1) : nil)
    }

    private struct Recorder: Sendable {
        let caller: pthread_t
        /// Calls in order, each with the number of the job it belongs to.
        var calls: [(job: Int, call: Call)] = []
        var jobNumber = 0
        /// The site of each pool job by its number; the numbers between are serial code.
        var sites: [Int: String] = [:]

        /// Groups the calls by job, and within a job by thread (the caller's first): every pool job, with calls or
        /// not, and the serial code between jobs that made calls.
        func jobs() -> [Job] {
            let callsByJob = Dictionary(grouping: calls, by: \.job)
            return Set(callsByJob.keys).union(sites.keys).sorted().map { number in
                var job = Job(parts: [[]], site: sites[number])
                var threads = [caller]
                for (_, call) in callsByJob[number] ?? [] {
                    let part = threads.firstIndex(of: call.thread) ?? {
                        threads.append(call.thread)
                        job.parts.append([])
                        return threads.count - 1
                    }()
                    job.parts[part].append(call)
                }
                return job
            }
        }
    }

    static func note(_ call: @autoclosure () -> Call) {
        guard isRecording.load(ordering: .relaxed), pthread_getspecific(threadIsRecording) != nil else { return }
        let call = call()
        recorder.withLock { recorder in
            guard recorder != nil else { return }
            recorder!.calls.append((recorder!.jobNumber, call))
        }
    }

    /// Called by the pool as a job starts, with where it was started, and as it ends (`site` nil), so that calls
    /// between jobs form jobs of their own (serial, on the caller). Only the recording thread's jobs count: another
    /// pool's, on another thread meanwhile, would split the recorded jobs and add jobs of its own.
    static func noteJobBoundary(startingJobAt site: @autoclosure () -> String? = nil) {
        guard isRecording.load(ordering: .relaxed), pthread_getspecific(threadIsRecording) != nil else { return }
        let site = site()
        recorder.withLock { recorder in
            recorder?.jobNumber += 1
            if let site, let number = recorder?.jobNumber { recorder?.sites[number] = site }
        }
    }
}

/// Operand buffers large enough for every call one part replays.
private final class ScratchOperands: @unchecked Sendable {
    private let a, b, c: UnsafeMutableBufferPointer<Float>

    init(calls: [GemmTrace.Call]) {
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, count))
            buffer.initialize(repeating: 0.01)
            return buffer
        }
        a = buffer(calls.map(\.aCount).max() ?? 1)
        b = buffer(calls.map(\.bCount).max() ?? 1)
        c = buffer(calls.map(\.cCount).max() ?? 1)
    }

    deinit { [a, b, c].forEach { $0.deallocate() } }

    func replay(_ calls: [GemmTrace.Call]) {
        for call in calls {
            if let patches = call.patches {
                Gemm.multiply(call.transB, m: call.m, n: call.n, k: call.k, a: a.baseAddress!, lda: call.lda,
                              patchesOf: b.baseAddress!, patches, beta: call.beta, c: c.baseAddress!, ldc: call.ldc)
                continue
            }
            Gemm.multiply(call.transA, call.transB, m: call.m, n: call.n, k: call.k, a: a.baseAddress!, lda: call.lda,
                          b: b.baseAddress!, ldb: call.ldb, beta: call.beta, c: c.baseAddress!, ldc: call.ldc,
                          kernel: call.kernel)
        }
    }
}
