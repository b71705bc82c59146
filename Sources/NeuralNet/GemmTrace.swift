// The GEMM floor of `bench`: records the matrix products a piece of work makes through `Gemm.multiply`
// (shapes, transposes, strides, beta, the kernel, OpenBLAS's sgemm or ours, and which pool part made
// each, job by job), then replays those calls alone on the same pool, with the same split and the same joins.
// The replay's time is what this engine design cannot go below with these GEMM kernels on this CPU; the rest of
// an epoch is the engine's other code.
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
        let scratch = (0..<pool.maximumWidth).map { part in ScratchOperands(calls: jobs.flatMap { job in
            part < job.parts.count ? job.parts[part] : []
        }) }
        func pass() {
            for job in jobs {
                if job.parts.count == 1 {
                    scratch[0].replay(job.parts[0])
                    continue
                }
                pool.run { part, _ in
                    if part < job.parts.count { scratch[part].replay(job.parts[part]) }
                }
            }
        }
        pass()
        return upperMedianSeconds(of: repeats, pass)
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

        /// Groups the calls by job, and within a job by thread (the caller's first).
        func jobs() -> [Job] {
            var jobs = [Job](), current = -1
            var threads = [pthread_t]()
            for (job, call) in calls {
                if job != current {
                    current = job
                    threads = [caller]
                    jobs.append(Job(parts: [[]]))
                }
                let part = threads.firstIndex(of: call.thread) ?? {
                    threads.append(call.thread)
                    jobs[jobs.count - 1].parts.append([])
                    return threads.count - 1
                }()
                jobs[jobs.count - 1].parts[part].append(call)
            }
            return jobs
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

    /// Called by the pool as a job starts and as it ends, so that calls between jobs form jobs of
    /// their own (serial, on the caller).
    static func noteJobBoundary() {
        guard isRecording.load(ordering: .relaxed) else { return }
        recorder.withLock { recorder in recorder?.jobNumber += 1 }
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
