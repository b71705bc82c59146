// `fmnist-tui runs`: the runs saved under the runs folder; `runs` lists them, `runs show RUN` details one.
import ArgumentParser

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the saved runs, or show one.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self], defaultSubcommand: RunsListCommand.self)
}
