// `fmnist-tui runs [list]`: a table (or JSON array) of the runs in the runs folder, oldest first.
import ArgumentParser
import Foundation
import Training

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the saved runs (the default of `fmnist-tui runs`).")

    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print a JSON array of objects instead of a table.") var json = false

    func run() throws {
        var summaries = [RunSummary]()
        for id in RunRecord.runIDs(in: runs.url) {
            do {
                let record = try RunRecord(folder: runs.url.appendingPathComponent(id))
                printWarnings(record.warnings)
                summaries.append(RunSummary(record))
            } catch {
                printWarnings(["\(error); run skipped"])
            }
        }
        if json {
            FileHandle.standardOutput.write(try RunSummary.json(summaries) + Data("\n".utf8))
        } else if summaries.isEmpty {
            print("no runs in \(runs.url.path) yet; train one with `fmnist-tui train` (or pass --runs-dir)")
        } else {
            for line in Self.table(summaries).lines() { print(line) }
        }
    }

    static func table(_ summaries: [RunSummary]) -> TextTable {
        var table = TextTable([("id", .left), ("model", .left), ("recipe", .left), ("epochs", .right),
                               ("best valid loss", .left), ("test acc", .right), ("state", .left), ("started", .left)])
        for summary in summaries {
            var best = "–"
            if let loss = summary.bestValidLoss, let epoch = summary.bestEpoch { best = String(format: "%.4f (epoch %d)", loss, epoch) }
            let accuracy = summary.testAccuracy.map { String(format: "%.2f %%", 100 * $0) } ?? "–"
            table.append([summary.id, summary.model, summary.recipe, "\(summary.epochsDone)/\(summary.epochsPlanned)",
                          best, accuracy, summary.state.rawValue, LocalTime.minutes(summary.started)])
        }
        return table
    }
}

/// Prints problems met while reading runs to stderr, one `warning:` line each.
func printWarnings(_ warnings: [String]) {
    for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
}
