// `fmnist-tui export RUN --out DIR`: losses.svg, confusion.svg and metrics.csv of a run, for browsers and spreadsheets.
import ArgumentParser
import Foundation
import Reports
import Training

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a run's loss chart, confusion matrix (SVG) and metrics (CSV) to a folder.",
        discussion: "confusion.svg shows the test set scored with the best weights, so it is written once the run "
            + "has finished; for an unfinished run it is skipped with a note.")

    @OptionGroup var runArgument: RunArgument
    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir")) var out: String

    func run() throws {
        let record = try runArgument.record()
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
                + "confusion matrix yet (`fmnist-tui resume \(record.id)` trains it to the end)")
        }
        try write(MetricsCSV.render(record), to: folder.appendingPathComponent("metrics.csv"))
    }

    private func write(_ text: String, to url: URL) throws {
        try RunStore.writeAtomically(Data(text.utf8), to: url)
        print("wrote \(url.path)")
    }
}
