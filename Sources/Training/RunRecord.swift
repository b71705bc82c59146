// Reading a run folder back: settings, per-epoch metrics, state and scores, for resume, list and export.
import Foundation
import ModelFiles

public enum RunError: Error, CustomStringConvertible, Equatable {
    case unknownRun(id: String, runsDirectory: String, nearest: [String])
    case unreadableSettings(folder: String, reason: String)
    case notResumable(folder: String, reason: String)

    public var description: String {
        switch self {
        case .unknownRun(let id, let directory, let nearest):
            let hint = nearest.isEmpty ? "there are no runs in \(directory)" : "nearest: \(nearest.joined(separator: ", "))"
            return "no run \(id) in \(directory); \(hint) (list them with `fmnist-tui runs`)"
        case .unreadableSettings(let folder, let reason):
            return "\(folder)/config.json cannot be read: \(reason)"
        case .notResumable(let folder, let reason):
            return "run \(folder) cannot be resumed: \(reason)"
        }
    }
}

public struct RunRecord: Sendable {
    public let folder: URL
    public var id: String { folder.lastPathComponent }
    public let settings: RunSettings
    /// Completed epochs, from metrics.jsonl (unreadable lines skipped, see `warnings`).
    public let history: [EpochMetrics]
    public let state: RunState?
    public let scores: TestScores?
    /// One line per problem met while reading, e.g. a truncated metrics line.
    public let warnings: [String]

    /// Reads the folder of a run; only config.json is required.
    public init(folder: URL) throws {
        self.folder = folder
        let configURL = folder.appendingPathComponent("config.json")
        do { settings = try RunStore.decode(RunSettings.self, from: Data(contentsOf: configURL)) } catch {
            throw RunError.unreadableSettings(folder: folder.path, reason: "\(error)")
        }
        var warnings = [String]()
        var history = [EpochMetrics]()
        let metricsURL = folder.appendingPathComponent("metrics.jsonl")
        if let text = try? String(contentsOf: metricsURL, encoding: .utf8) {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                if let metrics = try? RunStore.decode(EpochMetrics.self, from: Data(line.utf8)) {
                    history.append(metrics)
                } else {
                    warnings.append("\(metricsURL.path):\(number + 1): unreadable metrics line skipped")
                }
            }
        }
        self.history = history
        let stateText = try? String(contentsOf: folder.appendingPathComponent("state"), encoding: .utf8)
        state = stateText.flatMap { RunState(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        scores = try? RunStore.decode(TestScores.self, from: Data(contentsOf: folder.appendingPathComponent("test.json")))
        self.warnings = warnings
    }

    /// Finds a run by folder path, by its id in `runsDirectory`, or by a unique prefix of the id.
    public static func locate(_ reference: String, in runsDirectory: URL) throws -> URL {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue,
           manager.fileExists(atPath: (reference as NSString).appendingPathComponent("config.json")) {
            return URL(fileURLWithPath: reference)
        }
        let ids = runIDs(in: runsDirectory)
        if ids.contains(reference) { return runsDirectory.appendingPathComponent(reference) }
        let matches = ids.filter { $0.hasPrefix(reference) }
        if matches.count == 1 { return runsDirectory.appendingPathComponent(matches[0]) }
        let nearest = ids.sorted { editDistance($0, reference) < editDistance($1, reference) }.prefix(3)
        throw RunError.unknownRun(id: reference, runsDirectory: runsDirectory.path, nearest: Array(nearest))
    }

    /// Ids of the run folders (those with a config.json), oldest first.
    public static func runIDs(in runsDirectory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: runsDirectory.appendingPathComponent($0).appendingPathComponent("config.json").path)
        }.sorted()
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
