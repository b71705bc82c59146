// RunsWatcher: the runs folder read live, whoever writes it (this process, `fmnist-tui train` elsewhere, a
// sweep): each poll notices runs created, extended, finished, interrupted or deleted, and re-reads only what
// changed (each run's files by stamp, of metrics.jsonl only the bytes appended). It never writes anything.
import Foundation

/// What changed in the runs folder since the previous poll.
public struct RunsUpdate: Sendable, Equatable {
    /// Runs seen for the first time (all runs, on the first poll).
    public var appeared: [RunSummary] = []
    /// Runs whose summary changed: new epochs, another status, test scores, settings.
    public var changed: [RunSummary] = []
    /// By run id: the epochs read since the previous poll (every epoch of a run that appeared, or whose log was rewritten).
    public var newEpochs: [String: [EpochMetrics]] = [:]
    /// Ids of runs whose folder is gone.
    public var disappeared: [String] = []
    /// Things worth telling once: a runs folder that is missing or unreadable, a folder that is not a run,
    /// a damaged metrics line.
    public var notices: [String] = []

    public var isEmpty: Bool { appeared.isEmpty && changed.isEmpty && disappeared.isEmpty && notices.isEmpty }
}

/// Poll it from one task at a time (e.g. every second); it holds what it read, a few kB per run.
public struct RunsWatcher: Sendable {
    public let runsDirectory: URL
    private var readers = [String: RunFolderReader]()
    /// Folders in the runs folder that are not runs, told once.
    private var skipped = Set<String>()
    /// What was said about the runs folder itself, so it is said again only when it changes.
    private var folderNotice: String?

    public init(runsDirectory: URL) { self.runsDirectory = runsDirectory }

    /// Every run read so far, oldest first (ids are start times).
    public var summaries: [RunSummary] { readers.keys.sorted().map { readers[$0]!.summary } }

    /// Looks at the runs folder and every run in it; reads what changed.
    public mutating func poll() -> RunsUpdate {
        var update = RunsUpdate()
        let names = listFolder(into: &update)
        for id in readers.keys where !names.contains(id) {
            readers.removeValue(forKey: id)
            update.disappeared.append(id)
        }
        skipped.formIntersection(names)
        for name in names.sorted() where !skipped.contains(name) {
            if let index = readers.index(forKey: name) {
                // Refreshed in place: an unchanged run costs four stat() calls and no copies.
                guard let change = readers.values[index].refresh() else { continue }
                update.changed.append(readers.values[index].summary)
                if !change.epochs.isEmpty { update.newEpochs[name] = change.epochs }
                update.notices += change.warnings
            } else {
                let folder = runsDirectory.appendingPathComponent(name)
                var reader = RunFolderReader(folder: folder)
                let change = reader.refresh()
                // A folder with a run's files is a run; only one without them is listed to tell the rest apart.
                switch reader.hasRunFiles ? .run : Self.kind(of: folder) {
                case .run:
                    readers[name] = reader
                    update.appeared.append(reader.summary)
                    if let epochs = change?.epochs, !epochs.isEmpty { update.newEpochs[name] = epochs }
                    update.notices += reader.summary.warnings
                case .notARun:
                    skipped.insert(name)
                    update.notices.append("\(folder.path): not a run folder (no config.json, metrics.jsonl or state); skipped")
                case .notYet:
                    break
                }
            }
        }
        return update
    }

    /// The visible entries of the runs folder; an empty set, and a notice when that is news, when it cannot be read.
    private mutating func listFolder(into update: inout RunsUpdate) -> Set<String> {
        var notice: String?
        var names = Set<String>()
        if let stamp = FileStamp(path: runsDirectory.path), !stamp.isFolder {
            notice = "the runs folder \(runsDirectory.path) is a file, not a folder; pass --runs-dir with a folder"
        } else {
            do {
                // The sweeps' own folder is no run: its trials are runs beside the others.
                names = Set(try FileManager.default.contentsOfDirectory(atPath: runsDirectory.path).filter {
                    !$0.hasPrefix(".") && $0 != SweepFolder.directoryName
                })
            } catch {
                notice = FileStamp(path: runsDirectory.path) == nil
                    ? "the runs folder \(runsDirectory.path) does not exist yet; runs will show when it does"
                    : "cannot read the runs folder \(runsDirectory.path): \((error as NSError).localizedDescription)"
            }
        }
        if notice != folderNotice, let notice { update.notices.append(notice) }
        folderNotice = notice
        return names
    }

    enum FolderKind { case run, notARun, notYet }

    /// A run has config.json, metrics.jsonl or state (a trainer writes config.json first). A folder that is
    /// empty or holds only hidden files may be a run being created; a plain file or any other folder is not a run.
    static func kind(of folder: URL) -> FolderKind {
        guard let stamp = FileStamp(path: folder.path), stamp.isFolder else { return .notARun }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if names.contains(where: { ["config.json", "metrics.jsonl", "state"].contains($0) }) { return .run }
        return names.allSatisfy { $0.hasPrefix(".") } ? .notYet : .notARun
    }
}
