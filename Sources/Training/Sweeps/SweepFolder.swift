// A sweep's folder, runs/sweeps/<id>/: made once, found by id, unique prefix or path, and sweep.json read
// and changed under the sweep's lock. The trials' run folders live beside the other runs in runs/.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct SweepFolder: Sendable {
    /// The sub-folder of the runs folder that holds the sweeps.
    public static let directoryName = "sweeps"
    public let folder: URL

    public init(folder: URL) { self.folder = folder.standardizedFileURL }

    public var id: String { folder.lastPathComponent }
    /// The runs folder the trials' run folders are in: the folder above `sweeps/`.
    public var runsDirectory: URL { folder.deletingLastPathComponent().deletingLastPathComponent() }
    public var file: URL { folder.appendingPathComponent("sweep.json") }

    public static func sweepsDirectory(in runsDirectory: URL) -> URL {
        runsDirectory.appendingPathComponent(directoryName)
    }

    /// The id a sweep started at `date` gets, when it is free ("20261202-120501").
    public static func proposedID(date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Makes a new sweep folder (a suffix when the id is taken; mkdir, so two sweeps never share one) and
    /// writes its sweep.json from `makeRecord(id)`.
    public static func create(in runsDirectory: URL, date: Date = Date(),
                              makeRecord: (String) -> SweepRecord) throws(SweepError) -> SweepFolder {
        let parent = sweepsDirectory(in: runsDirectory)
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: parent.path, reason: (error as NSError).localizedDescription)
        }
        let stem = proposedID(date: date)
        var id = stem, suffix = 2
        while mkdir(parent.appendingPathComponent(id).path, 0o755) != 0 {
            guard errno == EEXIST else {
                throw .cannotWrite(path: parent.appendingPathComponent(id).path, reason: String(cString: strerror(errno)))
            }
            id = "\(stem)-\(suffix)"
            suffix += 1
        }
        let sweep = SweepFolder(folder: parent.appendingPathComponent(id))
        try sweep.write(makeRecord(id))
        return sweep
    }

    /// Finds a sweep by its folder's path, its id in `runsDirectory`, or a unique prefix of the id.
    public static func locate(_ reference: String, in runsDirectory: URL) throws(SweepError) -> SweepFolder {
        let manager = FileManager.default
        if manager.fileExists(atPath: (reference as NSString).appendingPathComponent("sweep.json")) {
            return SweepFolder(folder: URL(fileURLWithPath: reference))
        }
        let parent = sweepsDirectory(in: runsDirectory)
        let ids = ((try? manager.contentsOfDirectory(atPath: parent.path)) ?? []).filter {
            manager.fileExists(atPath: parent.appendingPathComponent($0).appendingPathComponent("sweep.json").path)
        }.sorted()
        let matches = ids.contains(reference) ? [reference] : ids.filter { $0.hasPrefix(reference) }
        guard matches.count == 1 else {
            throw .unknownSweep(reference: reference, sweepsDirectory: parent.path, known: matches.isEmpty ? ids : matches)
        }
        return SweepFolder(folder: parent.appendingPathComponent(matches[0]))
    }

    public func read() throws(SweepError) -> SweepRecord {
        do {
            return try RunJSON.decode(SweepRecord.self, from: Data(contentsOf: file))
        } catch {
            throw .unreadableSweep(file: file.path, reason: "\(error)")
        }
    }

    func write(_ record: SweepRecord) throws(SweepError) {
        do {
            try RunStore.writeAtomically(RunJSON.encode(record), to: file)
        } catch {
            throw .cannotWrite(path: file.path, reason: "\(error)")
        }
    }

    /// Runs `body` holding the sweep's lock.
    func locked<Result>(_ body: () throws -> Result) throws -> Result {
        let lock = try SweepLock(folder: folder)
        return try withExtendedLifetime(lock) { try body() }
    }

    /// Reads sweep.json, lets `body` change it and writes it back, all under the sweep's lock.
    @discardableResult
    public func update<Result>(_ body: (inout SweepRecord) throws -> Result) throws -> Result {
        try locked {
            var record = try read()
            let result = try body(&record)
            try write(record)
            return result
        }
    }
}
