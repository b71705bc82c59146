// `fmnist-tui sweep show SWEEP [--json]`: the trials' states read from their run folders, the leaderboard and
// each swept value's mean ± sd; live while a sweep runs, here or on a cluster.
import ArgumentParser
import Foundation
import Training

extension SweepMetric: ExpressibleByArgument {}

struct SweepShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A sweep's trials, leaderboard and the effect of each swept value.")

    @Argument(help: ArgumentHelp("The sweep: its id, a unique prefix, or its folder.", valueName: "sweep")) var sweep: String
    @Option(help: "Rank by best_valid_loss, valid_accuracy or test_accuracy.") var metric: SweepMetric = .bestValidLoss
    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let summary = try SweepSummary(sweep: SweepFolder.locate(sweep, in: runs.url), metric: metric)
        if json { SweepProgress.emitJSON(SweepReport.jsonObject(summary)) } else { SweepReport.printText(summary) }
    }
}
