// `fmnist-tui runs` (`runs list`): every run in the runs folder as a table or JSON, sorted and filtered as
// the dashboard's runs view does it.
import ArgumentParser
import Foundation
import ProgramInfo
import Reports
import Training

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the saved runs (the default of `fmnist-tui runs`).",
        discussion: """
            Columns: id, model, recipe, the settings that differ between the listed runs (lr, batch, wd, seed, …), \
            epochs done/planned, best validation loss (its epoch), best validation accuracy, test accuracy of \
            the best and of the last weights, state, sweep and trial (when a run has one), started, and the \
            problem of a run whose config.json cannot be read. Filter terms: a word matched against every \
            column, or COLUMN=VALUE, !=, <, <=, >, >= (numbers as numbers, accuracies in percent), \
            e.g. --filter "model=cnn lr<0.001 state=finished".
            """)

    @OptionGroup var runs: RunsOptions
    @Option(help: ArgumentHelp("Sort by this column (default: id, oldest first); a leading - sorts descending, as in --sort=-test_acc.",
                               valueName: "column"))
    var sort = "id"
    @Flag(help: "Sort in descending order.") var descending = false
    @Option(help: ArgumentHelp("Show only the runs matching every term, e.g. \"model=cnn lr<0.001\".", valueName: "expression"))
    var filter = ""
    @Flag(help: "Print a JSON array of objects instead of a table.") var json = false

    func run() throws {
        let (summaries, notices) = RunSummary.readAll(in: runs.url)
        Warnings.print(notices)
        let settingKeys = RunTable.settingKeys(summaries)
        var order: RunSort
        let rowFilter: RunFilter
        do { order = try RunSort(sort, settingKeys: settingKeys) } catch { throw ValidationError("--sort \(sort): \(error)") }
        do { rowFilter = try RunFilter(filter, settingKeys: settingKeys) } catch { throw ValidationError("--filter \(filter): \(error)") }
        if descending { order.descending.toggle() }
        let table = RunTable(summaries, sort: order, filter: rowFilter)
        if json {
            FileHandle.standardOutput.write(try RunSummary.json(table.rows) + Data("\n".utf8))
        } else if summaries.isEmpty {
            print("no runs in \(runs.url.path) yet; train one with `\(CommandName.current) train` (or pass --runs-dir)")
        } else if table.rows.isEmpty {
            print("none of the \(summaries.count) runs in \(runs.url.path) matches --filter \(filter)")
        } else {
            for line in Self.text(table).lines() { print(line) }
        }
    }

    /// The table as text, in its columns or in `columns` (a sweep's leaderboard leaves some out).
    static func text(_ table: RunTable, columns: [RunColumn]? = nil) -> TextTable {
        let columns = columns ?? table.columns
        var text = TextTable(columns.map { ($0.title, $0.isNumeric ? .right : .left) })
        for run in table.rows { text.append(columns.map { $0.text(of: run) }) }
        return text
    }
}
