// A run's folder under runs/: settings, per-epoch metrics (append-only), final scores, state.
import Foundation
import NeuralNet

public final class RunStore: @unchecked Sendable {
    public let folder: URL
    private let metricsHandle: FileHandle

    /// Creates `<runsDirectory>/<yyyyMMdd-HHmmss>-<model>/` (with a suffix if taken) and writes config.json.
    public init(runsDirectory: URL, configuration: TrainingConfiguration, dataFiles: [String],
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
        folder = candidate
        try RunStore.writeAtomically(RunStore.encode(RunSettings(configuration: configuration, dataFiles: dataFiles)),
                                     to: folder.appendingPathComponent("config.json"))
        let metricsURL = folder.appendingPathComponent("metrics.jsonl")
        guard manager.createFile(atPath: metricsURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: metricsURL.path])
        }
        metricsHandle = try FileHandle(forWritingTo: metricsURL)
        try writeState("running")
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

    public func recordFinal(_ report: FinalReport) throws {
        let scores = TestScores(bestEpoch: report.bestEpoch, test: report.test, lastTest: report.lastTest)
        try RunStore.writeAtomically(RunStore.encode(scores), to: folder.appendingPathComponent("test.json"))
        try writeState("finished")
    }

    public func markStopped() throws { try writeState("stopped") }

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
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return try encoder.encode(value)
    }
}

struct RunSettings: Codable {
    let configuration: TrainingConfiguration
    let dataFiles: [String]
}

struct TestScores: Codable {
    let bestEpoch: Int
    let test: Evaluation
    let lastTest: Evaluation
}
