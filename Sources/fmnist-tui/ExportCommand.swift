// `fmnist-tui export RUN --out DIR`: losses.svg, confusion.svg and metrics.csv of a run, for browsers and spreadsheets;
// `--tensorboard DIR`: its TensorBoard event files (TensorBoardExporting.swift).
import ArgumentParser
import Foundation
import ProgramInfo
import Reports
import Training

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's loss chart, confusion matrix (SVG) and metrics (CSV) to a folder, or as TensorBoard events.",
        discussion: "confusion.svg shows the test set scored with the best weights, so it is written once the run "
            + "has finished; for an unfinished run it is skipped with a note. --tensorboard DIR writes the run into "
            + "DIR/<run id>/ (replacing an earlier export of it) and never into a folder holding another run's "
            + "event files, unless --force deletes those.")

    @OptionGroup var runArgument: RunArgument
    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("TensorBoard log folder: the run goes into DIR/<run id>/.", valueName: "dir"))
    var tensorboard: String?
    @Flag(help: "With --tensorboard: delete event files of another run in DIR/<run id>/ instead of refusing.")
    var force = false

    func validate() throws {
        if out == nil && tensorboard == nil { throw ValidationError("give --out DIR, --tensorboard DIR or both") }
        if force && tensorboard == nil { throw ValidationError("--force applies to --tensorboard only") }
    }

    func run() throws {
        let record = try runArgument.record()
        if let out { try exportReports(record, to: out) }
        if let tensorboard { try exportTensorBoard(record, to: tensorboard) }
    }

    private func exportReports(_ record: RunRecord, to out: String) throws {
        let folder = URL(fileURLWithPath: out)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw UserFacingError(description: "--out \(out): cannot create the folder (\(error.localizedDescription)); "
                + "pick a writable place")
        }
        try write(LossChartSVG.render(record), to: folder.appendingPathComponent("losses.svg"))
        if let confusion = ConfusionMatrixSVG.render(record) {
            try write(confusion, to: folder.appendingPathComponent("confusion.svg"))
        } else {
            print("confusion.svg skipped: run \(record.id) is \(record.status.rawValue), not finished, so it has no test "
                + "confusion matrix yet (`\(CommandName.current) resume \(record.id)\(runArgument.runs.suggestedFlag)` trains it to the end)")
        }
        try write(MetricsCSV.render(record), to: folder.appendingPathComponent("metrics.csv"))
    }

    private func write(_ text: String, to url: URL) throws {
        try RunStore.writeAtomically(Data(text.utf8), to: url)
        print("wrote \(url.path)")
    }
}
