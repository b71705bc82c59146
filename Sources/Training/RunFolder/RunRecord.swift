// Reading a run folder back: settings, per-epoch metrics, state and scores, for resume, list and export.
import Foundation
import ModelFiles

public struct RunRecord: Sendable {
    public let folder: URL
    public var id: String { folder.lastPathComponent }
    public let settings: RunSettings
    /// Every field of config.json's `configuration` as text, by key, including fields this version does not know.
    public let configurationFields: [String: String]
    /// Completed epochs, from metrics.jsonl, in increasing order (unreadable or repeated lines skipped, see `warnings`).
    public let history: [EpochMetrics]
    public let state: RunStatus.Saved?
    /// True while a process trains this run (it holds the run folder's lock).
    public let isLive: Bool
    public let scores: TestScores?
    /// One line per problem met while reading, e.g. a truncated metrics line.
    public let warnings: [String]

    /// Reads the folder of a run; only config.json is required.
    public init(folder: URL) throws {
        self.folder = folder
        let configURL = folder.appendingPathComponent("config.json")
        let configData: Data
        do {
            configData = try Data(contentsOf: configURL)
            settings = try RunJSON.decode(RunSettings.self, from: configData)
        } catch {
            throw RunError.unreadableSettings(folder: folder.path, reason: "\(error)")
        }
        if case .object(let fields)? = (try? JSONScanner.value(of: configData))?["configuration"] {
            configurationFields = fields.mapValues(\.text)
        } else {
            configurationFields = [:]
        }
        isLive = RunLock.isHeld(folder: folder)
        // The whole log, every epoch's confusion matrix kept (a resume rewrites the log from it); a last line
        // without its newline is read as it is unless a trainer is still writing it.
        var log = MetricsLog(file: folder.appendingPathComponent("metrics.jsonl").path, keepsEveryConfusion: true)
        _ = log.append((try? Data(contentsOf: URL(fileURLWithPath: log.file))) ?? Data())
        if !isLive { _ = log.finish() }
        (history, warnings) = (log.history, log.warnings)
        let stateText = try? String(contentsOf: folder.appendingPathComponent("state"), encoding: .utf8)
        state = stateText.flatMap { RunStatus.Saved(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        scores = try? RunJSON.decode(TestScores.self, from: Data(contentsOf: folder.appendingPathComponent("test.json")))
    }

    /// The state to show (see `RunStatus.init(saved:isLive:)`).
    public var status: RunStatus { RunStatus(saved: state, isLive: isLive) }

    /// The recipe the run was trained with ("seed" for runs saved before recipes existed).
    public var recipe: String { settings.configuration.recipe.rawValue }

    /// The epoch with the lowest validation loss; nil without a validation split (--full-train).
    public var bestValidation: (epoch: Int, loss: Double)? { history.bestValidation }

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
        let nearest = matches.count > 1 ? matches.prefix(5)
            : ids.sorted { editDistance($0, reference) < editDistance($1, reference) }.prefix(3)
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
