// A run's folder under runs/: settings, per-epoch metrics (append-only), final scores, state.
import Foundation
import ModelFiles
import NeuralNet
#if canImport(Glibc)
import Glibc
#endif

public final class RunStore: @unchecked Sendable {
    public let folder: URL
    private let lock: RunLock
    private var metricsHandle: FileHandle

    /// Creates `<runsDirectory>/<yyyyMMdd-HHmmss>-<model>/` (with a suffix if taken) and writes config.json,
    /// with the sweep and trial that started the run, if any.
    public convenience init(runsDirectory: URL, configuration: TrainingConfiguration, dataFiles: [String],
                            date: Date = Date(), sweepID: String? = nil, sweepTrial: Int? = nil) throws {
        let folder = try RunStore.makeFolder(in: runsDirectory, model: configuration.model, date: date)
        try self.init(newFolder: folder, configuration: configuration, dataFiles: dataFiles, date: date,
                      sweepID: sweepID, sweepTrial: sweepTrial)
    }

    /// Makes a new, empty run folder `<runsDirectory>/<yyyyMMdd-HHmmss>-<model>[-N]/`. With mkdir, so that
    /// two processes starting runs in the same second never get the same folder.
    public static func makeFolder(in runsDirectory: URL, model: ModelKind, date: Date = Date()) throws -> URL {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let stem = "\(formatter.string(from: date))-\(model.rawValue)"
        try FileManager.default.createDirectory(at: runsDirectory, withIntermediateDirectories: true)
        var candidate = runsDirectory.appendingPathComponent(stem)
        var suffix = 2
        while mkdir(candidate.path, 0o755) != 0 {
            guard errno == EEXIST else { throw RunError.unwritableFolder(folder: candidate.path, reason: String(cString: strerror(errno))) }
            candidate = runsDirectory.appendingPathComponent("\(stem)-\(suffix)")
            suffix += 1
        }
        return candidate
    }

    /// Starts a run in `folder`, made by `makeFolder` and holding no run yet (or one whose config.json was
    /// never written): writes config.json and an empty metrics.jsonl, takes the lock, marks it running.
    public convenience init(newFolder folder: URL, configuration: TrainingConfiguration, dataFiles: [String],
                            date: Date = Date(), sweepID: String? = nil, sweepTrial: Int? = nil) throws {
        try self.init(newFolder: folder, configuration: configuration, dataRecords: dataFiles.map(DataFileRecord.init(path:)),
                      date: date, sweepID: sweepID, sweepTrial: sweepTrial)
    }

    /// `init(newFolder:…)` with the data files already hashed (a sweep hashes them before taking its lock).
    convenience init(newFolder folder: URL, configuration: TrainingConfiguration, dataRecords: [DataFileRecord],
                     date: Date = Date(), sweepID: String?, sweepTrial: Int?) throws {
        let settings = RunSettings(configuration: configuration, dataFiles: dataRecords,
                                   program: RunSettings.programVersion, started: date, sweepID: sweepID,
                                   sweepTrial: sweepTrial)
        try RunStore.writeAtomically(RunJSON.encode(settings), to: folder.appendingPathComponent("config.json"))
        let metricsURL = folder.appendingPathComponent("metrics.jsonl")
        guard FileManager.default.createFile(atPath: metricsURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: metricsURL.path])
        }
        try self.init(folder: folder)
        try writeState(.running)
    }

    /// Reopens an existing run folder to append to it (resumption); its state is left as is. Takes the run's lock (`RunError.inUse`
    /// when another process trains it) and removes temporary files a crash left half-written.
    public init(folder: URL) throws {
        self.folder = folder
        lock = try RunLock(folder: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(FileBytes.temporarySuffix) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        metricsHandle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
    }

    /// Rewrites config.json, e.g. with more planned epochs on resumption.
    func updateSettings(_ settings: RunSettings) throws {
        try RunStore.writeAtomically(RunJSON.encode(settings), to: folder.appendingPathComponent("config.json"))
    }

    /// Rewrites metrics.jsonl with `history` only: on resumption this drops the lines of an epoch whose
    /// checkpoint was never written and a line half-written by a crash.
    func rewriteMetrics(_ history: [EpochMetrics]) throws {
        var data = Data()
        for metrics in history { data += try RunJSON.encode(metrics, pretty: false) + Data([0x0A]) }
        try RunStore.writeAtomically(data, to: folder.appendingPathComponent("metrics.jsonl"))
        try metricsHandle.close()
        metricsHandle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
    }

    deinit { try? metricsHandle.close() }

    /// Saves a completed epoch: appends its metrics line (flushed to disk), then its checkpoint. When
    /// either fails (a full disk) the line is taken back and the previous epoch's checkpoint stays whole.
    func saveEpoch(_ metrics: EpochMetrics, network: Network, optimizer: Adam, state: ResumeState,
                   improved: Bool) throws(RunError) {
        var logLength: UInt64 = 0
        do {
            logLength = try metricsHandle.seekToEnd()
            var line = try RunJSON.encode(metrics, pretty: false)
            line.append(0x0A)
            try metricsHandle.write(contentsOf: line)
            try metricsHandle.synchronize()
        } catch {
            try? metricsHandle.truncate(atOffset: logLength)
            throw .cannotSave(folder: folder.path, epoch: metrics.epoch, reason: RunStore.reason(error, file: "metrics.jsonl"))
        }
        var committed = false
        do {
            try saveCheckpoint(network: network, optimizer: optimizer, state: state, improved: improved, committed: &committed)
        } catch {
            // After last.safetensors (the commit point) the epoch counts: its line stays, and resuming writes the
            // best weights a failure left out (found by WriteFaultTests: taking the line back made the run unresumable).
            if !committed { try? metricsHandle.truncate(atOffset: logLength) }
            throw .cannotSave(folder: folder.path, epoch: metrics.epoch, reason: RunStore.reason(error, file: "checkpoint"))
        }
    }

    /// Writes the epoch's checkpoint files in the order CheckpointFiles.swift describes, each to a
    /// temporary name renamed into place: last.safetensors is the commit point.
    private func saveCheckpoint(network: Network, optimizer: Adam, state: ResumeState, improved: Bool,
                                committed: inout Bool) throws {
        let pending = folder.appendingPathComponent(CheckpointFiles.pendingOptimizer)
        try SafeTensorsFile.write(OptimizerFile.stateDict(optimizer, parameters: network.store.parameters,
                                                          epoch: state.completedEpochs), to: pending)
        try SafeTensorsFile.write(Checkpoint.stateDict(of: network, metadata: state.metadata),
                                  to: folder.appendingPathComponent(CheckpointFiles.last))
        committed = true
        try RunStore.rename(pending, to: folder.appendingPathComponent(CheckpointFiles.optimizer))
        if improved { try writeBest(network: network, epoch: state.completedEpochs, validLoss: state.bestValidLoss) }
    }

    /// Completes the steps of CheckpointFiles.swift's save order that a crash cut short: renames the
    /// pending optimizer file into place (or drops it when it belongs to the unfinished epoch) and writes
    /// best.safetensors from `network`, which holds the last weights, when they are the best.
    func finishInterruptedSave(_ point: ResumePoint, network: Network) throws {
        let pending = folder.appendingPathComponent(CheckpointFiles.pendingOptimizer)
        if point.optimizerIsPending {
            try RunStore.rename(pending, to: folder.appendingPathComponent(CheckpointFiles.optimizer))
        } else if FileManager.default.fileExists(atPath: pending.path) {
            try FileManager.default.removeItem(at: pending)
        }
        if point.bestNeedsRewrite {
            try writeBest(network: network, epoch: point.state.completedEpochs, validLoss: point.state.bestValidLoss)
        }
    }

    /// Writes best.safetensors: the network's weights, tagged with their epoch.
    private func writeBest(network: Network, epoch: Int, validLoss: Double) throws {
        try SafeTensorsFile.write(Checkpoint.stateDict(of: network, metadata: [
            "model": network.kind.rawValue, "epoch": String(epoch), "valid_loss": String(validLoss)]),
            to: folder.appendingPathComponent(CheckpointFiles.best))
    }

    public func recordFinal(_ report: FinalReport) throws {
        let scores = TestScores(bestEpoch: report.bestEpoch, test: report.test, lastTest: report.lastTest)
        try RunStore.writeAtomically(RunJSON.encode(scores), to: folder.appendingPathComponent("test.json"))
        try writeState(.finished)
    }

    public func markStopped() throws { try writeState(.stopped) }
    public func markPaused(_ paused: Bool) throws { try writeState(paused ? .paused : .running) }
    public func markFailed() throws { try writeState(.failed) }

    func writeState(_ state: RunStatus.Saved) throws {
        try RunStore.writeAtomically(Data((state.rawValue + "\n").utf8), to: folder.appendingPathComponent("state"))
    }

    /// Writes to a temporary name in the same folder, flushes and renames: a crash never leaves half a file.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        try FileBytes.writeAtomically([UInt8](data), to: url)
    }

    static func rename(_ source: URL, to destination: URL) throws {
        guard Glibc.rename(source.path, destination.path) == 0 else {
            throw ModelFileError.cannotWrite(file: destination.path, reason: "rename: \(String(cString: strerror(errno)))")
        }
    }

    /// The system's reason for a failed write, e.g. "last.safetensors: write: No space left on device".
    static func reason(_ error: any Error, file: String) -> String {
        if case .cannotWrite(let path, let reason) = error as? ModelFileError {
            return "\(URL(fileURLWithPath: path).lastPathComponent): \(reason)"
        }
        let system = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? (error as NSError)
        if system.domain == NSPOSIXErrorDomain {
            return "\(file): \(String(cString: strerror(Int32(system.code))))"
        }
        return "\(file): \(error.localizedDescription)"
    }
}
