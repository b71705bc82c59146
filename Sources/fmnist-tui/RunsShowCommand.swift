// `fmnist-tui runs show RUN`: one run's settings, data files, per-epoch table and test scores.
import ArgumentParser
import Foundation
import Reports
import Training

struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run's settings, its epochs and its test scores.")

    @Argument(help: ArgumentHelp("The run: its id (folder name, or a unique prefix) or its folder path.", valueName: "run"))
    var runReference: String
    @OptionGroup var runs: RunsOptions

    func run() throws {
        let record = try RunRecord(folder: RunRecord.locate(runReference, in: runs.url))
        printWarnings(record.warnings)
        for line in RunDetailsReport.lines(record) { print(line) }
    }
}
