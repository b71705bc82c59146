// One run's events in its own folder of a TensorBoard log directory, written by export and live alike.
import Foundation
import Training

/// `<logDirectory>/<run id>/events.out.tfevents.<seconds>.<host>.<pid>[.<n>].<run id>`: the run id at the end
/// of every file name tells our files from another run's. A log begins with the run's hyperparameters
/// and its epochs so far, so each new file holds the whole run; once it is written, older files of the
/// same run in the folder are removed, and TensorBoard never sees an epoch twice.
final class RunEventLog {
    let folder: URL
    let file: EventFile
    /// Event files of another run that `removeForeign` deleted.
    private(set) var removedForeignFiles = [String]()
    private let runID: String
    private var bestValidLoss: Double?

    /// Creates the run's folder and a new event file in it.
    /// - Parameter removeForeign: delete event files of other runs in the folder instead of refusing (`--force`).
    /// - Throws: `TensorBoardError.foreignEventFiles` when the folder holds another run's event files.
    init(logDirectory: URL, runID: String, removeForeign: Bool, forceAllowed: Bool) throws(TensorBoardError) {
        self.runID = runID
        folder = logDirectory.appendingPathComponent(runID)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .cannotCreateFolder(path: folder.path, reason: Self.reason(error))
        }
        let foreign = Self.eventFiles(in: folder).filter { !Self.belongs($0, to: runID) }
        if !foreign.isEmpty {
            guard removeForeign else { throw .foreignEventFiles(folder: folder.path, files: foreign, forceAllowed: forceAllowed) }
            try Self.remove(foreign, in: folder)
            removedForeignFiles = foreign
        }
        let seconds = Int(Date().timeIntervalSince1970)
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")
        let stem = String(format: "events.out.tfevents.%010d.%@.%d", seconds, host, getpid())
        file = try EventFile(creatingIn: folder) { attempt in attempt == 0 ? "\(stem).\(runID)" : "\(stem).\(attempt).\(runID)" }
    }

    /// Writes the file's start, the run's hyperparameters and its completed epochs, then removes the
    /// run's older files. Epoch `k` is stamped `started` plus the seconds of epochs 1…k.
    func begin(_ configuration: TrainingConfiguration, runFolder: URL?, started: Date, history: [EpochMetrics]) throws {
        let startTime = started.timeIntervalSince1970
        try file.append(Summaries.fileStart(wallTime: Date().timeIntervalSince1970))
        for event in try HParams.start(configuration, runFolder: runFolder, wallTime: startTime) { try file.append(event) }
        var elapsed = 0.0
        for metrics in history {
            elapsed += metrics.seconds
            try epoch(metrics, wallTime: startTime + elapsed)
        }
        let older = Self.eventFiles(in: folder).filter { Self.belongs($0, to: runID) && $0 != file.url.lastPathComponent }
        try Self.remove(older, in: folder)
    }

    func epoch(_ metrics: EpochMetrics, wallTime: Double) throws {
        if let loss = metrics.validLoss, !loss.isNaN, bestValidLoss.map({ loss < $0 }) ?? true { bestValidLoss = loss }
        try file.append(Summaries.scalars(RunScalars.epoch(metrics, bestValidLoss: bestValidLoss),
                                          step: metrics.epoch, wallTime: wallTime))
    }

    /// The test scores and confusion matrix at step `epoch` (the last one), and the session's end.
    func finish(best: Evaluation, last: Evaluation, epoch: Int, wallTime: Double) throws {
        try file.append(Summaries.scalars(RunScalars.test(best: best, last: last), step: epoch, wallTime: wallTime))
        try file.append(Summaries.image(tag: "test/confusion_matrix", ConfusionMatrixImage.render(best.confusion),
                                        description: ConfusionMatrixImage.description, step: epoch, wallTime: wallTime))
        try file.append(HParams.end(.success, wallTime: wallTime))
    }

    func fail(wallTime: Double) throws {
        try file.append(HParams.end(.failure, wallTime: wallTime))
    }

    /// Names of the event files in `folder` (TensorBoard reads every file with "tfevents" in its name).
    static func eventFiles(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.contains("tfevents") }.sorted()
    }

    static func belongs(_ fileName: String, to runID: String) -> Bool { fileName.hasSuffix("." + runID) }

    private static func remove(_ names: [String], in folder: URL) throws(TensorBoardError) {
        for name in names {
            let url = folder.appendingPathComponent(name)
            do { try FileManager.default.removeItem(at: url) } catch {
                throw .cannotWrite(path: url.path, reason: "cannot remove it: \(reason(error))")
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        let system = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? (error as NSError)
        return system.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(system.code))) : error.localizedDescription
    }
}
