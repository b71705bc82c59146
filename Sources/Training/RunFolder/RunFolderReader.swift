// One run folder read as it changes: a file is read again only when its stamp moved, and of metrics.jsonl
// only the bytes appended since. Reads only: it never writes into the folder (nor creates its lock file).
import Foundation

struct RunFolderReader: Sendable {
    let folder: URL
    /// Paths of the files read, made once: a refresh of an unchanged run is four stat() calls.
    private let configPath: String, statePath: String, scoresPath: String
    private var configStamp: FileStamp?, metricsStamp: FileStamp?, stateStamp: FileStamp?, scoresStamp: FileStamp?
    private var config: Result<RunConfig, ConfigProblem> = .failure(ConfigProblem(reason: "config.json is missing"))
    private var log: MetricsLog
    private var saved: RunStatus.Saved?
    private var scores: TestScores?
    private var scoresWarning: String?
    private var isLive = false
    /// The summary of what was last read.
    private(set) var summary: RunSummary

    init(folder: URL, keepsEveryConfusion: Bool = false) {
        self.folder = folder
        // Joined as text: URL.appendingPathComponent costs microseconds, a thousand runs times four.
        let path = folder.path
        configPath = path + "/config.json"
        statePath = path + "/state"
        scoresPath = path + "/test.json"
        log = MetricsLog(file: path + "/metrics.jsonl", keepsEveryConfusion: keepsEveryConfusion)
        summary = RunSummary(id: folder.lastPathComponent, folder: folder, model: nil, recipe: nil, plannedEpochs: nil,
                             history: [], status: .unknown)
    }

    /// config.json, metrics.jsonl or state was found by the last refresh (what makes a folder a run).
    var hasRunFiles: Bool { configStamp != nil || metricsStamp != nil || stateStamp != nil }

    /// What a refresh found: the epochs read (every epoch, after the log was rewritten) and the warnings
    /// that are new.
    struct Change {
        var epochs: [EpochMetrics]
        var warnings: [String]
    }

    /// Reads what changed since the last call; nil when nothing did. `summary` is up to date afterwards.
    mutating func refresh() -> Change? {
        var changed = false
        let newConfig = FileStamp(path: configPath)
        if newConfig != configStamp {
            changed = true
            configStamp = newConfig
            if let newConfig {
                config = FileRead.bytes(atPath: configPath, count: Int(newConfig.size)).map { RunConfig.read($0) }
                    ?? .failure(ConfigProblem(reason: "config.json cannot be read"))
            } else {
                config = .failure(ConfigProblem(reason: "config.json is missing"))
            }
        }
        let newState = FileStamp(path: statePath)
        if newState != stateStamp {
            changed = true
            stateStamp = newState
            let bytes = newState.flatMap { FileRead.bytes(atPath: statePath, count: Int($0.size)) }
            let text = bytes.map { String(decoding: $0, as: UTF8.self) }
            saved = text.flatMap { RunStatus.Saved(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let newScores = FileStamp(path: scoresPath)
        if newScores != scoresStamp {
            changed = true
            scoresStamp = newScores
            (scores, scoresWarning) = newScores.map { Self.readScores(scoresPath, size: $0.size) } ?? (nil, nil)
        }
        // The lock is looked at on every refresh while the state says a trainer may hold it.
        let live = (saved == .running || saved == .paused) && RunLock.isHeld(folder: folder)
        if live != isLive { changed = true }
        isLive = live
        let (added, logChanged) = readMetrics(stamp: FileStamp(path: log.file))
        guard changed || logChanged else { return nil }
        let before = summary
        summary = makeSummary()
        guard summary != before else { return nil }
        return Change(epochs: added, warnings: summary.warnings.filter { !before.warnings.contains($0) })
    }

    /// Reads the bytes appended to metrics.jsonl, or all of it when it was replaced, shortened or rewritten.
    /// A half-written last line waits for its newline while a trainer holds the run.
    private mutating func readMetrics(stamp: FileStamp?) -> (added: [EpochMetrics], changed: Bool) {
        var added = [EpochMetrics]()
        var changed = false
        if stamp != metricsStamp {
            changed = true
            var offset: UInt64 = 0
            if let stamp, let old = metricsStamp, stamp.isAppended(to: old) {
                offset = old.size
            } else {
                log = MetricsLog(file: log.file, keepsEveryConfusion: log.keepsEveryConfusion)
            }
            metricsStamp = stamp
            if let stamp {
                // Up to the size stamped: bytes written after the stat are read on the next refresh.
                let count = Int(stamp.size - offset)
                let bytes = FileRead.bytes(atPath: log.file, from: offset, count: count) ?? []
                added = log.append(bytes)
                if bytes.count < count { metricsStamp = nil }   // cut short or unreadable: read again next time
            }
        }
        if !isLive && log.hasPendingLine {
            added += log.finish()
            changed = true
        }
        return (added, changed)
    }

    /// test.json, read with the scanner (its two confusion matrices are most of it); a warning when unreadable.
    private static func readScores(_ path: String, size: UInt64) -> (TestScores?, String?) {
        let scores = FileRead.bytes(atPath: path, count: Int(size))?.withUnsafeBytes { raw -> TestScores? in
            var scanner = JSONScanner(raw)
            var bestEpoch: Int?, test: Evaluation?, lastTest: Evaluation?
            do throws(JSONSyntaxError) {
                try scanner.beginObject()
                var first = true
                while let key = try scanner.nextKey(first: &first) {
                    switch key {
                    case "best_epoch": bestEpoch = try scanner.int()
                    case "test": test = try evaluation(&scanner)
                    case "last_test": lastTest = try evaluation(&scanner)
                    default: try scanner.skipValue()
                    }
                }
                try scanner.expectEnd()
            } catch {
                return nil
            }
            guard let bestEpoch, let test, let lastTest else { return nil }
            return TestScores(bestEpoch: bestEpoch, test: test, lastTest: lastTest)
        }
        return scores.map { ($0, nil) } ?? (nil, "\(path): unreadable, test scores not shown")
    }

    /// {"confusion": [[…]], "correct": …, "loss": …, "total": …}; nil when a field is missing.
    private static func evaluation(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> Evaluation? {
        var loss: Double?, correct: Int?, total: Int?, confusion: [[Int]]?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            switch key {
            case "loss": loss = try scanner.double()
            case "correct": correct = try scanner.int()
            case "total": total = try scanner.int()
            case "confusion": confusion = try scanner.intMatrix()
            default: try scanner.skipValue()
            }
        }
        guard let loss, let correct, let total, let confusion, Evaluation.isConfusionMatrix(confusion) else { return nil }
        return Evaluation(loss: loss, correct: correct, total: total, confusion: confusion)
    }

    private func makeSummary() -> RunSummary {
        let settings = try? config.get()
        var problem: String?
        if case .failure(let configProblem) = config { problem = configProblem.reason }
        return RunSummary(id: folder.lastPathComponent, folder: folder, model: settings?.model, recipe: settings?.recipe,
                          plannedEpochs: settings?.plannedEpochs, settings: settings?.settings ?? [:], history: log.history,
                          latestValidConfusion: log.latestValidConfusion, status: RunStatus(saved: saved, isLive: isLive),
                          started: settings?.started, scores: scores, sweepID: settings?.sweepID,
                          sweepTrial: settings?.sweepTrial, problem: problem,
                          warnings: log.warnings + (scoresWarning.map { [$0] } ?? []))
    }
}
