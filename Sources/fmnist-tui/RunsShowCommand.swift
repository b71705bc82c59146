// `fmnist-tui runs show RUN`: one run's settings, data files, per-epoch table and test scores.
import ArgumentParser
import Foundation
import Reports
import Training

struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run's settings, its epochs and its test scores.")

    @OptionGroup var runArgument: RunArgument

    func run() throws {
        for line in try RunDetailsReport.lines(runArgument.record(), runsFolderFlag: runArgument.runs.suggestedFlag) {
            print(line)
        }
    }
}
