// Runs a sweep's trials on this machine, N at a time, each as a child process `fmnist-tui sweep run-trial`:
// the same code path as a Slurm array task. A child that crashes takes only its trial down, each trial's run
// lock dies with its process, and the trial's claim keeps two workers off one trial. Children watch this
// process and stop (checkpointed) when it dies, even by kill -9.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class LocalSweepRunner: @unchecked Sendable {
    /// A trial that ended, with what its run folder says.
    public struct Outcome: Sendable {
        public let index: Int
        public let exitStatus: Int32
        public let summary: SweepSummary.Trial?
        /// The trial's log (the child's output).
        public let log: URL
    }

    public let sweep: SweepFolder
    private let executable: URL
    private let parallel: Int
    private let extraArguments: [String]
    private let lock = NSCondition()
    private var running = [Int32: Process]()
    private var stopping = false

    /// - Parameters:
    ///   - executable: the fmnist-tui binary the children run.
    ///   - extraArguments: passed to each `sweep run-trial` (e.g. `--data DIR`).
    public init(sweep: SweepFolder, executable: URL, parallel: Int, extraArguments: [String] = []) {
        self.sweep = sweep
        self.executable = executable
        self.parallel = max(1, parallel)
        self.extraArguments = extraArguments
    }

    /// The folder the trials' logs go to.
    public var logsFolder: URL { sweep.folder.appendingPathComponent("logs") }

    /// Runs each trial of `indices` in order, `parallel` at a time, calling `started` and `ended` as they go
    /// (from this thread). Returns when all have ended, or, after `stop()`, when the running ones have stopped.
    public func run(indices: [Int], started: (Int) -> Void, ended: (Outcome) -> Void) throws {
        try FileManager.default.createDirectory(at: logsFolder, withIntermediateDirectories: true)
        var pending = indices[...]
        lock.lock()
        while true {
            while running.count < parallel, !stopping, let index = pending.first {
                pending.removeFirst()
                do { try launch(index) } catch { lock.unlock(); throw error }
                lock.unlock()
                started(index)
                lock.lock()
            }
            let outcomes = collectExited()
            if !outcomes.isEmpty {
                lock.unlock()
                for outcome in outcomes { ended(outcome) }
                lock.lock()
                continue
            }
            if running.isEmpty && (pending.isEmpty || stopping) { break }
            lock.wait()
        }
        lock.unlock()
    }

    /// No new trials; the running ones are asked to stop after their current batch (SIGTERM), and stay resumable.
    public func stop() {
        lock.lock()
        stopping = true
        for process in running.values { kill(process.processIdentifier, SIGTERM) }
        lock.broadcast()
        lock.unlock()
    }

    public var wasStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private var exited = [(index: Int, status: Int32)]()
    private var indexOfProcess = [Int32: Int]()

    private func launch(_ index: Int) throws {
        let log = logFile(index)
        if !FileManager.default.fileExists(atPath: log.path) {
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw SweepError.cannotWrite(path: log.path, reason: "cannot create the trial's log")
            }
        }
        let output = try FileHandle(forWritingTo: log)
        output.seekToEndOfFile()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["sweep", "run-trial", sweep.folder.path, "--index", String(index),
                             "--parent-pid", String(getpid())] + extraArguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] finished in
            try? output.close()
            guard let self else { return }
            self.lock.lock()
            self.running.removeValue(forKey: finished.processIdentifier)
            self.exited.append((self.indexOfProcess.removeValue(forKey: finished.processIdentifier) ?? -1,
                                finished.terminationStatus))
            self.lock.broadcast()
            self.lock.unlock()
        }
        try process.run()
        running[process.processIdentifier] = process
        indexOfProcess[process.processIdentifier] = index
    }

    /// The trials that ended since the last call, read from their run folders; called holding the lock.
    private func collectExited() -> [Outcome] {
        let done = exited
        exited.removeAll()
        guard !done.isEmpty else { return [] }
        let record = try? sweep.read()
        return done.map { index, status in
            let trial = record?.trials.first { $0.index == index }
            let summary = trial.map { trial in
                SweepSummary.Trial(trial: trial, run: trial.runId.map {
                    RunSummary.read(folder: sweep.runsDirectory.appendingPathComponent($0))
                })
            }
            return Outcome(index: index, exitStatus: status, summary: summary, log: logFile(index))
        }
    }

    public func logFile(_ index: Int) -> URL {
        logsFolder.appendingPathComponent(String(format: "trial-%04d.log", index))
    }
}
