// A run's folder under runs/: settings, per-epoch metrics (append-only), final scores, state.
import Foundation
import ModelFiles
import NeuralNet

public final class RunStore: @unchecked Sendable {
    public let folder: URL
    private var metricsHandle: FileHandle

    /// Creates `<runsDirectory>/<yyyyMMdd-HHmmss>-<model>/` (with a suffix if taken) and writes config.json.
    public convenience init(runsDirectory: URL, configuration: TrainingConfiguration, dataFiles: [String],
                            date: Date = Date()) throws {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let stem = "\(formatter.string(from: date))-\(configuration.model.rawValue)"
        let manager = FileManager.default
        try manager.createDirectory(at: runsDirectory, withIntermediateDirectories: true)
        var candidate = runsDirectory.appendingPathComponent(stem)
        var suffix = 2
        while manager.fileExists(atPath: candidate.path) {
            candidate = runsDirectory.appendingPathComponent("\(stem)-\(suffix)")
            suffix += 1
        }
        try manager.createDirectory(at: candidate, withIntermediateDirectories: false)
        let settings = RunSettings(configuration: configuration, dataFiles: dataFiles.map(DataFileRecord.init(path:)),
                                   program: RunSettings.programVersion, started: date)
        try RunStore.writeAtomically(RunStore.encode(settings), to: candidate.appendingPathComponent("config.json"))
        let metricsURL = candidate.appendingPathComponent("metrics.jsonl")
        guard manager.createFile(atPath: metricsURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: metricsURL.path])
        }
        try self.init(folder: candidate)
    }

    /// Reopens an existing run folder to append to it (resumption).
    public init(folder: URL) throws {
        self.folder = folder
        metricsHandle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
        try writeState(RunState.running.rawValue)
    }

    /// Rewrites config.json, e.g. with more planned epochs on resumption.
    func updateSettings(_ settings: RunSettings) throws {
        try RunStore.writeAtomically(RunStore.encode(settings), to: folder.appendingPathComponent("config.json"))
    }

    /// Keeps the first `count` lines of metrics.jsonl: lines of an epoch whose checkpoint was never
    /// written (a crash between the two) are dropped on resumption.
    func truncateMetrics(to history: [EpochMetrics]) throws {
        var data = Data()
        for metrics in history { data += try RunStore.encode(metrics, pretty: false) + Data([0x0A]) }
        try RunStore.writeAtomically(data, to: folder.appendingPathComponent("metrics.jsonl"))
        try metricsHandle.close()
        metricsHandle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
    }

    deinit { try? metricsHandle.close() }

    /// Appends one line and flushes it to disk as the epoch ends.
    public func recordEpoch(_ metrics: EpochMetrics) throws {
        var line = try RunStore.encode(metrics, pretty: false)
        line.append(0x0A)
        try metricsHandle.seekToEnd()
        try metricsHandle.write(contentsOf: line)
        try metricsHandle.synchronize()
    }

    /// Saves the epoch's checkpoints: best.safetensors when it improved, then the optimizer, then
    /// last.safetensors (each written to a temporary name and renamed).
    func saveCheckpoint(network: Network, optimizer: Adam, state: ResumeState, improved: Bool) throws {
        if improved {
            try SafeTensorsFile.write(Checkpoint.stateDict(of: network, metadata: [
                "model": state.model.rawValue, "epoch": String(state.completedEpochs),
                "valid_loss": String(state.bestValidLoss)]), to: folder.appendingPathComponent("best.safetensors"))
        }
        try SafeTensorsFile.write(OptimizerFile.stateDict(optimizer, parameters: network.store.parameters,
                                                          epoch: state.completedEpochs),
                                  to: folder.appendingPathComponent("optimizer.safetensors"))
        try SafeTensorsFile.write(Checkpoint.stateDict(of: network, metadata: state.metadata),
                                  to: folder.appendingPathComponent("last.safetensors"))
    }

    public func recordFinal(_ report: FinalReport) throws {
        let scores = TestScores(bestEpoch: report.bestEpoch, test: report.test, lastTest: report.lastTest)
        try RunStore.writeAtomically(RunStore.encode(scores), to: folder.appendingPathComponent("test.json"))
        try writeState(RunState.finished.rawValue)
    }

    public func markStopped() throws { try writeState(RunState.stopped.rawValue) }
    public func markPaused(_ paused: Bool) throws { try writeState((paused ? RunState.paused : .running).rawValue) }
    public func markFailed() throws { try writeState(RunState.failed.rawValue) }

    func writeState(_ state: String) throws {
        try RunStore.writeAtomically(Data((state + "\n").utf8), to: folder.appendingPathComponent("state"))
    }

    /// Writes to a temporary name in the same folder, then renames: a crash never leaves half a file.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                 NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    static func encode(_ value: some Encodable, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        return try encoder.encode(value)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
}

public enum RunState: String, Sendable, Codable {
    case running, paused, stopped, finished, failed
}

/// The content of config.json.
public struct RunSettings: Codable, Sendable {
    public static let programVersion = "fmnist-tui 0.1.0"
    public var configuration: TrainingConfiguration
    public var dataFiles: [DataFileRecord]
    public var program: String
    public var started: Date
}

/// A data file a run read, with its size and SHA-256, so a later look can tell it was the same data.
public struct DataFileRecord: Codable, Sendable {
    public let path: String
    public let bytes: Int
    public let sha256: String

    init(path: String) {
        self.path = path
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        bytes = data.count
        sha256 = SHA256.hexDigest(of: data)
    }
}

public struct TestScores: Codable, Sendable {
    public let bestEpoch: Int
    public let test: Evaluation
    public let lastTest: Evaluation
}
