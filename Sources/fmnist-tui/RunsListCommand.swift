// `fmnist-tui runs [list]`: a table (or JSON array) of the runs in the runs folder, oldest first.
import ArgumentParser
import Foundation
import ProgramInfo
import Training

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the saved runs (the default of `fmnist-tui runs`).")

    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print a JSON array of objects instead of a table.") var json = false

    func run() throws {
        var overviews = [RunOverview]()
        for id in RunRecord.runIDs(in: runs.url) {
            do {
                let record = try RunRecord(folder: runs.url.appendingPathComponent(id))
                printWarnings(record.warnings)
                overviews.append(RunOverview(record))
            } catch {
                printWarnings(["\(error); run skipped"])
            }
        }
        if json {
            FileHandle.standardOutput.write(try RunOverview.json(overviews) + Data("\n".utf8))
        } else if overviews.isEmpty {
            print("no runs in \(runs.url.path) yet; train one with `\(CommandName.current) train` (or pass --runs-dir)")
        } else {
            for line in Self.table(overviews).lines() { print(line) }
        }
    }

    static func table(_ overviews: [RunOverview]) -> TextTable {
        var table = TextTable([("id", .left), ("model", .left), ("recipe", .left), ("epochs", .right),
                               ("best valid loss", .left), ("test acc", .right), ("state", .left), ("started", .left)])
        for overview in overviews {
            var best = "–"
            if let loss = overview.bestValidLoss, let epoch = overview.bestEpoch { best = String(format: "%.4f (epoch %d)", loss, epoch) }
            let accuracy = overview.testAccuracy.map { String(format: "%.2f %%", 100 * $0) } ?? "–"
            table.append([overview.id, overview.model, overview.recipe, "\(overview.epochsDone)/\(overview.epochsPlanned)",
                          best, accuracy, overview.state.rawValue, LocalTime.minutes(overview.started)])
        }
        return table
    }
}

/// Prints problems met while reading runs to stderr, one `warning:` line each.
func printWarnings(_ warnings: [String]) {
    for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
}
