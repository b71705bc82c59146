// `fmnist-tui runs [list]`: a table (or JSON array) of the runs in the runs folder, oldest first.
import ArgumentParser
import Foundation
import Reports
import Training

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the saved runs (the default of `fmnist-tui runs`).")

    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print a JSON array of objects instead of a table.") var json = false

    func run() throws {
        let (overviews, problems) = RunSummary.readAll(in: runs.url)
        Warnings.print(problems)
        if json {
            FileHandle.standardOutput.write(try RunSummary.json(overviews) + Data("\n".utf8))
        } else if overviews.isEmpty {
            print("no runs in \(runs.url.path) yet; train one with `fmnist-tui train` (or pass --runs-dir)")
        } else {
            for line in Self.table(overviews).lines() { print(line) }
        }
    }

    static func table(_ overviews: [RunSummary]) -> TextTable {
        var table = TextTable([("id", .left), ("model", .left), ("recipe", .left), ("epochs", .right),
                               ("best valid loss", .left), ("test acc", .right), ("state", .left), ("started", .left)])
        for overview in overviews {
            var best = "–"
            if let (epoch, loss) = overview.bestValidation { best = String(format: "%.4f (epoch %d)", loss, epoch) }
            let accuracy = overview.testAccuracy.map { String(format: "%.2f %%", 100 * $0) } ?? "–"
            let planned = overview.plannedEpochs.map(String.init) ?? "?"
            table.append([overview.id, overview.model?.rawValue ?? "?", overview.recipe ?? "?", "\(overview.epochsDone)/\(planned)",
                          best, accuracy, overview.status.rawValue, overview.started.map(LocalTime.minutes) ?? "?"])
        }
        return table
    }
}
